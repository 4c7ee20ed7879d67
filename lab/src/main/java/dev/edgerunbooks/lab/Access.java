package dev.edgerunbooks.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Users, API tokens and ACLs of a PVE cluster ({@code user.cfg}, {@code priv/token.cfg}) or of a PBS ({@code user.cfg},
 * {@code token.shadow}, {@code acl.cfg}). Privileges are coarse: an auth id either has some (an ACL entry with a role other than
 * {@code NoAccess}) or none, and may manage tokens and ACLs when it has a managing role on {@code /} or {@code /access}. As in
 * PVE and PBS, a privilege-separated token has the intersection of its user's privileges and its own (PBS tokens always are
 * separated); {@code root@pam} has every privilege. All access is synchronized on the site.
 */
final class Access {
    /** PVE's {@code token-subid} pattern (PBS's token names are alike). */
    static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9.\\-_]+");
    static final Pattern USERID = Pattern.compile("[^\\s:/@]+@[A-Za-z][A-Za-z0-9.\\-_]+");
    static final String ROOT = Site.ROOT;
    static final Set<String> PVE_ROLES = Set.of("Administrator", "NoAccess", "PVEAdmin", "PVEAuditor", "PVEDatastoreAdmin",
            "PVEDatastoreUser", "PVEMappingAdmin", "PVEMappingUser", "PVEPoolAdmin", "PVEPoolUser", "PVESDNAdmin", "PVESDNUser",
            "PVESysAdmin", "PVETemplateUser", "PVEUserAdmin", "PVEVMAdmin", "PVEVMUser");
    static final Set<String> PBS_ROLES = Set.of("Admin", "Audit", "NoAccess", "DatastoreAdmin", "DatastoreAudit", "DatastoreBackup",
            "DatastorePowerUser", "DatastoreReader", "RemoteAdmin", "RemoteAudit", "RemoteDatastoreAdmin", "RemoteDatastorePowerUser",
            "RemoteSyncOperator", "RemoteSyncPushOperator", "TapeAdmin", "TapeAudit", "TapeOperator", "TapeReader");

    static final class Token {
        final String userid, name;
        String secret, comment;
        long expire; // epoch seconds, 0: never
        boolean privsep = true, enable = true;

        Token(String userid, String name, String secret) {
            this.userid = userid;
            this.name = name;
            this.secret = secret;
        }

        String id() { return userid + "!" + name; }

        boolean expired(long now) { return expire != 0 && expire <= now; }
    }

    /** One ACL entry; {@code type} is {@code user}, {@code group} or {@code token}. */
    record Acl(String path, String type, String ugid, String roleid, boolean propagate) {}

    final boolean pbs;
    final List<String> users = new ArrayList<>();
    final Map<String, Token> tokens = new LinkedHashMap<>(); // by full id
    final List<Acl> acl = new ArrayList<>();

    private Access(boolean pbs) { this.pbs = pbs; }

    /**
     * What a store starts with: {@code root@pam} and the runbooks' user, its token (privilege separated, never expires) and the
     * managing role ({@code Administrator}; PBS {@code Admin}) on {@code /} for both the user and the token.
     */
    static Access initial(boolean pbs, String tokenId, String secret) {
        Access a = new Access(pbs);
        int bang = tokenId.indexOf('!');
        String user = tokenId.substring(0, bang);
        a.users.add(ROOT);
        a.users.add(user);
        a.add(new Token(user, tokenId.substring(bang + 1), secret));
        String role = pbs ? "Admin" : "Administrator";
        a.setAcl("/", "user", user, role, true);
        a.setAcl("/", pbs ? "user" : "token", tokenId, role, true); // PBS lists a token's entries as ugid_type user
        return a;
    }

    Set<String> roles() { return pbs ? PBS_ROLES : PVE_ROLES; }

    void add(Token t) { tokens.put(t.id(), t); }

    /** The auth id of the token when the secret is its own and it is enabled and not expired, else null. */
    String authenticate(String tokenId, String secret, long now) {
        Token t = tokens.get(tokenId);
        return t != null && t.secret.equals(secret) && t.enable && !t.expired(now) ? tokenId : null;
    }

    /** Whether the auth id exists and may log in now ({@code is_active_auth_id}): a user, or an enabled token not expired. */
    boolean active(String authId, long now) {
        Token t = tokens.get(authId);
        if (t == null) return !authId.contains("!") && users.contains(authId);
        return users.contains(t.userid) && t.enable && !t.expired(now);
    }

    /** Deletes a token and its ACL entries. */
    void remove(Token t) {
        tokens.remove(t.id());
        acl.removeIf(e -> e.ugid().equals(t.id()));
    }

    /** Grants a role on a path (an existing grant of the same role takes the new propagate flag). */
    void setAcl(String path, String type, String ugid, String role, boolean propagate) {
        deleteAcl(path, type, ugid, role);
        acl.add(new Acl(path, type, ugid, role, propagate));
    }

    void deleteAcl(String path, String type, String ugid, String role) {
        acl.removeIf(e -> e.path().equals(path) && e.type().equals(type) && e.ugid().equals(ugid) && e.roleid().equals(role));
    }

    private List<Acl> entries(String type, String ugid) {
        List<Acl> l = new ArrayList<>();
        for (Acl e : acl) if (e.type().equals(type) && e.ugid().equals(ugid) && !e.roleid().equals("NoAccess")) l.add(e);
        return l;
    }

    private boolean separated(Token t) { return pbs || t.privsep; }

    LabInspection.Permissions inspect(long now) {
        List<LabInspection.TokenInfo> ts = new ArrayList<>();
        for (Token t : tokens.values()) {
            ts.add(new LabInspection.TokenInfo(t.id(), t.userid, t.comment, t.expire, separated(t), t.enable, t.enable && !t.expired(now)));
        }
        List<LabInspection.AclEntry> es = new ArrayList<>();
        for (Acl e : acl) es.add(new LabInspection.AclEntry(e.path(), e.type(), e.ugid(), e.roleid(), e.propagate()));
        return new LabInspection.Permissions(ts, es);
    }

    /** Whether the auth id (a user or a token) has any privilege at all. */
    boolean privileged(String authId) {
        Token t = tokens.get(authId);
        if (t == null) return authId.equals(ROOT) || !entries("user", authId).isEmpty();
        return privileged(t.userid) && (!separated(t) || !entries(pbs ? "user" : "token", authId).isEmpty());
    }

    /** Whether the auth id may manage API tokens and ACLs: a managing role on {@code /} or {@code /access}, propagated. */
    boolean mayManage(String authId) {
        Token t = tokens.get(authId);
        if (t == null) return authId.equals(ROOT) || manages(entries("user", authId));
        return mayManage(t.userid) && (!separated(t) || manages(entries(pbs ? "user" : "token", authId)));
    }

    private boolean manages(List<Acl> entries) {
        for (Acl e : entries) {
            boolean role = pbs ? e.roleid().equals("Admin") : e.roleid().equals("Administrator") || e.roleid().equals("PVEUserAdmin");
            if (role && e.propagate() && (e.path().equals("/") || e.path().equals("/access"))) return true;
        }
        return false;
    }
}
