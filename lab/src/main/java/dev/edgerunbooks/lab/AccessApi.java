package dev.edgerunbooks.lab;

import dev.edgerunbooks.lab.Access.Acl;
import dev.edgerunbooks.lab.Access.Token;
import dev.edgerunbooks.lab.Router.Request;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static dev.edgerunbooks.lab.PveApi.b;
import static dev.edgerunbooks.lab.PveApi.map;

/**
 * API tokens and ACLs: PVE's {@code /access/users/{userid}/token…} and {@code /access/acl} (pve-access-control's
 * {@code API2/User.pm}, {@code API2/ACL.pm}) and PBS's counterparts ({@code /access/users/{userid}/token/{token-name}},
 * {@code /access/acl}). A PVE cluster has one registry, a PBS its own ({@link Site#access}). Only an auth id that may manage them
 * ({@link Access#mayManage}) lists or changes tokens and ACLs.
 */
final class AccessApi {
    private AccessApi() {}

    static final Pattern PVE_ACL_PATH = Pattern.compile("/|/access(/(groups|realm)(/[^/]+)?)?|/nodes(/[^/]+)?|/vms(/\\d+)?"
            + "|/storage(/[^/]+)?|/pool(/[^/]+){0,2}|/sdn(/[^/]+){0,4}|/mapping(/(pci|usb|dir)(/[^/]+)?)?");
    static final Pattern PBS_ACL_PATH = Pattern.compile("/|/access(/(acl|users|domains|openid))?|/datastore(/[^/]+){0,3}"
            + "|/remote(/[^/]+){0,3}|/system(/[^/]+){0,3}|/tape(/[^/]+){0,3}");

    // ---------------------------------------------------------------- PVE

    static void registerPve(Router r) {
        String token = "/access/users/{userid}/token/{tokenid}";
        r.add("GET", "/access/users/{userid}/token", q -> {
            List<Object> l = new ArrayList<>();
            for (Token t : tokensOf(q, pve(q))) l.add(pveInfo(t, t.name));
            return l;
        }, "userid");
        r.add("GET", token, q -> pveInfo(pveToken(q), null), "tokenid", "userid");
        r.add("POST", token, AccessApi::pveCreate, "tokenid", "userid");
        r.add("PUT", token, AccessApi::pveUpdate, "tokenid", "userid");
        r.add("DELETE", token, q -> remove(q, pve(q), pveToken(q)), "tokenid", "userid");
        r.add("GET", "/access/acl", q -> {
            List<Object> l = new ArrayList<>();
            for (Acl e : visibleAcl(q, q.site().access(false))) {
                l.add(map("path", e.path(), "roleid", e.roleid(), "type", e.type(), "ugid", e.ugid(), "propagate", b(e.propagate())));
            }
            return l;
        });
        r.add("PUT", "/access/acl", AccessApi::pveUpdateAcl, "path", "roles");
    }

    private static Access pve(Request q) {
        Access a = q.site().access(false);
        if (!a.mayManage(q.authId())) throw new ApiException(403, "Permission check failed");
        return a;
    }

    /** The user named by {@code userid}: PVE's {@code verify_username} and {@code check_user_exist}. */
    private static String user(Request q, Access a) {
        String u = q.p("userid");
        if (u.length() > 64 || !Access.USERID.matcher(u).matches()) {
            throw ApiException.param("userid", "invalid format - value '" + u + "' does not look like a valid user name");
        }
        if (!a.users.contains(u)) throw a.pbs ? new ApiException(404, "no such user '" + u + "'") : ApiException.fail("no such user ('" + u + "')");
        return u;
    }

    private static String tokenName(Request q, String param) {
        String n = q.p(param);
        if (!Access.TOKEN_NAME.matcher(n).matches()) throw ApiException.param(param, "value does not match the regex pattern");
        return n;
    }

    private static List<Token> tokensOf(Request q, Access a) {
        String user = user(q, a);
        List<Token> l = new ArrayList<>();
        for (Token t : a.tokens.values()) if (t.userid.equals(user)) l.add(t);
        return l;
    }

    /** An existing token named by the path, or PVE's (PBS's) refusal. */
    private static Token existing(Request q, Access a, String param) {
        String name = tokenName(q, param), user = user(q, a); // the schema's pattern is checked first
        Token t = a.tokens.get(user + "!" + name);
        if (t != null) return t;
        String msg = "no such token '" + name + "' for user '" + user + "'";
        throw a.pbs ? new ApiException(404, msg) : ApiException.fail(msg);
    }

    private static Token pveToken(Request q) { return existing(q, pve(q), "tokenid"); }

    private static Map<String, Object> pveInfo(Token t, String tokenid) {
        return map("tokenid", tokenid, "comment", t.comment, "expire", t.expire, "privsep", b(t.privsep));
    }

    /** An epoch parameter ({@code expire}): an integer, at least 0; null when not given. */
    private static Long epoch(Request q, String name) {
        String v = q.p(name);
        if (v == null || v.isEmpty()) return null;
        long x;
        try {
            x = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw ApiException.param(name, "type check ('integer') failed - got '" + v + "'");
        }
        if (x < 0) throw ApiException.param(name, "value must have a minimum value of 0");
        return x;
    }

    private static Token create(Request q, Access a, String param) {
        String name = tokenName(q, param), user = user(q, a); // the schema's pattern is checked first
        Long expire = epoch(q, "expire");
        String id = user + "!" + name;
        if (a.tokens.containsKey(id)) {
            if (a.pbs) throw new ApiException(400, "token '" + name + "' for user '" + user + "' already exists.");
            throw ApiException.param("tokenid", "Token already exists.");
        }
        Token t = new Token(user, name, UUID.randomUUID().toString());
        if (expire != null) t.expire = expire;
        t.comment = q.p("comment", null);
        a.add(t);
        q.site().countOperation("create-token", id);
        return t;
    }

    /** {@code POST …/token/{tokenid}}: the new token's full id, info and secret (shown only here). */
    static Object pveCreate(Request q) {
        Access a = pve(q);
        Token t = create(q, a, "tokenid");
        t.privsep = q.p("privsep") == null || q.bool("privsep");
        Map<String, Object> info = map("privsep", b(t.privsep), "expire", q.p("expire") == null ? null : t.expire, "comment", t.comment);
        return map("full-tokenid", t.id(), "info", info, "value", t.secret);
    }

    private static void update(Request q, Token t) {
        Long expire = epoch(q, "expire");
        if (expire != null) t.expire = expire;
        String comment = q.p("comment", null);
        if (comment != null) t.comment = comment;
        for (String d : FirewallApi.splitList(q.p("delete", ""))) {
            if (d.equals("comment")) t.comment = null;
            if (d.equals("expire")) t.expire = 0;
        }
        q.site().countOperation("update-token", t.id());
    }

    /** {@code PUT …/token/{tokenid}}: the updated info. */
    static Object pveUpdate(Request q) {
        Token t = pveToken(q);
        if (q.p("privsep") != null) t.privsep = q.bool("privsep");
        update(q, t);
        return pveInfo(t, null);
    }

    /** Deletes the token and its ACL entries: null. */
    private static Object remove(Request q, Access a, Token t) {
        a.remove(t);
        q.site().countOperation("delete-token", t.id());
        return null;
    }

    /** The entries the caller may see: all for who may manage ACLs; on PBS the caller's own, on PVE none for others. */
    private static List<Acl> visibleAcl(Request q, Access a) {
        if (a.mayManage(q.authId())) return a.acl;
        List<Acl> l = new ArrayList<>();
        if (a.pbs) for (Acl e : a.acl) if (e.ugid().equals(q.authId())) l.add(e);
        return l;
    }

    /** A normalized ACL path ({@code PVE::AccessControl::normalize_path}), or null. */
    static String normalizePath(String p) {
        String n = ("/" + p).replaceAll("/+", "/");
        if (n.length() > 1 && n.endsWith("/")) n = n.substring(0, n.length() - 1);
        return n.matches("[\\x21-\\x7e]*") ? n : null;
    }

    /** {@code PUT /access/acl}: grants (or with {@code delete} revokes) every role to every user, group and token listed. */
    static Object pveUpdateAcl(Request q) {
        Access a = q.site().access(false);
        String raw = q.p("path");
        String path = normalizePath(raw);
        if (!a.mayManage(q.authId())) throw new ApiException(403, "Permission check failed (" + path + ", Permissions.Modify)");
        List<String> users = FirewallApi.splitList(q.p("users", "")), groups = FirewallApi.splitList(q.p("groups", "")),
                tokens = FirewallApi.splitList(q.p("tokens", ""));
        if (users.isEmpty() && groups.isEmpty() && tokens.isEmpty()) {
            String m = "either 'users', 'groups' or 'tokens' is required.";
            Map<String, String> errors = new LinkedHashMap<>();
            for (String k : List.of("users", "groups", "tokens")) errors.put(k, m);
            throw new ApiException(400, "Parameter verification failed.", errors);
        }
        boolean delete = q.bool("delete");
        if (path == null || !delete && !PVE_ACL_PATH.matcher(path).matches()) throw ApiException.param("path", "invalid ACL path '" + raw + "'");
        boolean propagate = q.p("propagate") == null || q.bool("propagate");
        List<String> roles = FirewallApi.splitList(q.p("roles"));
        // everything is checked before user.cfg is written: a refusal changes nothing
        for (String role : roles) if (!a.roles().contains(role)) throw ApiException.fail("ACL update failed: role '" + role + "' does not exist");
        if (!groups.isEmpty()) throw ApiException.fail("ACL update failed: group '" + groups.get(0) + "' does not exist"); // no groups in the lab
        for (String u : users) if (!a.users.contains(u)) throw ApiException.fail("ACL update failed: user '" + u + "' does not exist");
        for (String t : tokens) {
            int bang = t.indexOf('!');
            String u = bang < 0 ? t : t.substring(0, bang);
            if (!a.users.contains(u)) throw ApiException.fail("ACL update failed: no such user ('" + u + "')");
            if (!a.tokens.containsKey(t)) throw ApiException.fail("ACL update failed: no such token '" + t.substring(bang + 1) + "' for user '" + u + "'");
        }
        for (String role : roles) {
            for (String u : users) grant(q, a, delete, path, "user", u, role, propagate);
            for (String t : tokens) grant(q, a, delete, path, "token", t, role, propagate);
        }
        return null;
    }

    private static void grant(Request q, Access a, boolean delete, String path, String type, String ugid, String role, boolean propagate) {
        if (delete) a.deleteAcl(path, type, ugid, role);
        else a.setAcl(path, type, ugid, role, propagate);
        q.site().countOperation("update-acl", ugid);
    }

    // ---------------------------------------------------------------- PBS

    static void registerPbs(Router r) {
        String token = "/access/users/{userid}/token/{token-name}";
        r.add("GET", "/access/users/{userid}/token", q -> {
            List<Object> l = new ArrayList<>();
            for (Token t : tokensOf(q, pbs(q))) l.add(pbsInfo(t));
            return l;
        }, "userid");
        r.add("GET", token, q -> pbsInfo(pbsToken(q)), "userid", "token-name");
        r.add("POST", token, q -> {
            Access a = pbs(q);
            Token t = create(q, a, "token-name");
            t.enable = q.p("enable") == null || q.bool("enable");
            return map("tokenid", t.id(), "value", t.secret);
        }, "userid", "token-name");
        r.add("PUT", token, q -> {
            Token t = pbsToken(q);
            if (q.p("enable") != null) t.enable = q.bool("enable");
            update(q, t);
            return null;
        }, "userid", "token-name");
        r.add("DELETE", token, q -> remove(q, pbs(q), pbsToken(q)), "userid", "token-name");
        r.add("GET", "/access/acl", q -> {
            String path = q.p("path", null);
            boolean exact = q.bool("exact");
            List<Object> l = new ArrayList<>();
            for (Acl e : visibleAcl(q, q.site().access(true))) {
                if (path != null && (exact ? !e.path().equals(path) : !e.path().startsWith(path))) continue;
                l.add(map("path", e.path(), "ugid", e.ugid(), "ugid_type", e.type(), "propagate", e.propagate(), "roleid", e.roleid()));
            }
            return l;
        });
        r.add("PUT", "/access/acl", AccessApi::pbsUpdateAcl, "path", "role");
    }

    private static Access pbs(Request q) {
        Access a = q.site().access(true);
        if (!a.mayManage(q.authId())) throw new ApiException(403, "permission check failed");
        return a;
    }

    private static Token pbsToken(Request q) { return existing(q, pbs(q), "token-name"); }

    private static Map<String, Object> pbsInfo(Token t) {
        return map("tokenid", t.id(), "comment", t.comment, "enable", t.enable, "expire", t.expire);
    }

    /** PBS {@code PUT /access/acl}: one role for one auth id (user or token) or group. */
    static Object pbsUpdateAcl(Request q) {
        Access a = pbs(q);
        String path = q.p("path"), role = q.p("role"), authId = q.p("auth-id", null), group = q.p("group", null);
        if (!a.roles().contains(role)) throw ApiException.param("role", "value '" + role + "' is not defined in the enumeration.");
        boolean delete = q.bool("delete");
        if (!delete && !PBS_ACL_PATH.matcher(path).matches()) throw new ApiException(400, "invalid acl path '" + path + "'.");
        if (group != null) throw new ApiException(400, "no such group '" + group + "'"); // the lab's PBS has no groups
        if (authId == null) throw new ApiException(400, "either 'auth-id' or 'group' is required");
        if (authId.contains("!") ? !a.tokens.containsKey(authId) : !a.users.contains(authId)) {
            throw new ApiException(400, authId.contains("!") ? "no such API token '" + authId + "'" : "no such user '" + authId + "'");
        }
        grant(q, a, delete, path, "user", authId, role, q.p("propagate") == null || q.bool("propagate"));
        return null;
    }
}
