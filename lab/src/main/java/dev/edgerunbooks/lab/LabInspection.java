package dev.edgerunbooks.lab;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link Lab#inspect(String)} sees on a store or staging cluster: its nodes, every guest, every guest start with the
 * bridges of the guest's interfaces, the starts that breached isolation (a guest restored from another site started with an
 * interface on a bridge that has physical ports), the Ceph flags of its (original) cluster and the operations clients made.
 */
public record LabInspection(String siteId, List<NodeInfo> nodes, List<GuestInfo> guests, List<GuestStart> starts,
                            List<GuestStart> isolationBreaches, List<String> cephFlags, Operations operations) {

    public LabInspection {
        nodes = List.copyOf(nodes);
        guests = List.copyOf(guests);
        starts = List.copyOf(starts);
        isolationBreaches = List.copyOf(isolationBreaches);
        cephFlags = List.copyOf(cephFlags);
    }

    /**
     * One physical node.
     *
     * @param cluster the name of the cluster it is in, null when standalone
     * @param bridges its active bridges
     * @param rebooting down after {@code POST /nodes/{node}/status} (rebooting, or shut down)
     * @param packages installed package versions by name
     * @param runningKernel the kernel release it booted ({@code 6.17.2-1-pve}); a newer installed one runs after a reboot
     */
    public record NodeInfo(String name, boolean online, boolean reinstalling, String cluster, List<String> bridges, boolean rebooting,
                           Map<String, String> packages, String runningKernel) {
        public NodeInfo {
            bridges = List.copyOf(bridges);
            packages = Collections.unmodifiableMap(new TreeMap<>(packages));
        }
    }

    /**
     * One guest.
     *
     * @param originStore the site it was created on or whose backup it was restored from
     * @param originVmid its VMID there
     * @param lock the config lock ({@code create} while restoring, {@code migrate} while migrating), null when unlocked
     * @param runningBundle the bundle version its pull agent installed at its last start (null: none yet)
     * @param tags its config's tags, {@code bundle-<version>} (the desired bundle) among them
     * @param snapshots its snapshots' names, oldest first
     */
    public record GuestInfo(int vmid, String name, String type, String node, String status, String originStore, int originVmid,
                            List<String> bridges, String lock, String runningBundle, List<String> tags, List<String> snapshots) {
        public GuestInfo {
            bridges = List.copyOf(bridges);
            tags = List.copyOf(tags);
            snapshots = List.copyOf(snapshots);
        }
    }

    /**
     * Mutating operations clients made on a store, for exactly-once checks. Kinds: {@code snapshot}, {@code rollback},
     * {@code delsnapshot}, {@code migrate}, {@code reboot-guest}, {@code set-bundle-tag} (a config change of the bundle tag)
     * by VMID; {@code reboot-node}, {@code shutdown-node}, {@code upgrade-node} (only an upgrade that changed something) by node;
     * {@code set-ceph-flag} by flag (one per flag a call sets or unsets); {@code upload-certificate}, {@code delete-certificate}
     * (custom TLS certificates) by node; {@code create-token}, {@code update-token}, {@code delete-token} by full token id and
     * {@code update-acl} by user or token (once per role and path a call grants or revokes), PVE and PBS alike. A call counts
     * when it is accepted (its task may still fail).
     *
     * @param byKind kind to count
     * @param byTarget kind to (VMID, node or flag to count)
     */
    public record Operations(Map<String, Integer> byKind, Map<String, Map<String, Integer>> byTarget) {
        public Operations {
            byKind = Collections.unmodifiableMap(new TreeMap<>(byKind));
            Map<String, Map<String, Integer>> t = new TreeMap<>();
            byTarget.forEach((k, v) -> t.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
            byTarget = Collections.unmodifiableMap(t);
        }

        /** How many operations of the kind (0 if none). */
        public int count(String kind) { return byKind.getOrDefault(kind, 0); }

        /** How many operations of the kind on one guest (VMID), node or flag (0 if none). */
        public int count(String kind, String target) { return byTarget.getOrDefault(kind, Map.of()).getOrDefault(target, 0); }
    }

    /**
     * One start of a guest.
     *
     * @param bridges the bridges of its interfaces when it started
     * @param uplinkedBridges those of them that have bridge ports (a way out)
     * @param isolationBreach a guest from another site started with an interface on an uplinked bridge
     */
    public record GuestStart(Instant at, int vmid, String name, String type, String node, String originStore, int originVmid,
                             List<String> bridges, List<String> uplinkedBridges, boolean isolationBreach) {
        public GuestStart {
            bridges = List.copyOf(bridges);
            uplinkedBridges = List.copyOf(uplinkedBridges);
        }
    }

    /**
     * The TLS certificate of a PVE node.
     *
     * @param servedFingerprint SHA-256 ({@code AA:BB:…}) of what its port serves now
     * @param defaultFingerprint that of its own {@code pve-ssl.pem}
     * @param customInstalled whether a custom {@code pveproxy-ssl.pem} is installed
     * @param customFingerprint that of the custom certificate, null when none is installed (it is served only once pveproxy
     *                          restarted, and not at all when a broken-certificate fault hit its upload)
     */
    public record NodeCertificate(String node, String servedFingerprint, String defaultFingerprint, boolean customInstalled,
                                  String customFingerprint) {}

    /**
     * API tokens and ACLs of a store or staging cluster (never the secrets).
     *
     * @param pve the cluster's (PVE's {@code user.cfg})
     * @param pbs the PBS's, null for a staging cluster
     */
    public record Tokens(String siteId, Permissions pve, Permissions pbs) {}

    /** One registry: its tokens and its ACL. */
    public record Permissions(List<TokenInfo> tokens, List<AclEntry> acl) {
        public Permissions {
            tokens = List.copyOf(tokens);
            acl = List.copyOf(acl);
        }

        /** Full ids of the user's tokens that authenticate now (enabled, not expired). */
        public List<String> validTokens(String userid) {
            List<String> l = new java.util.ArrayList<>();
            for (TokenInfo t : tokens) if (t.userid().equals(userid) && t.valid()) l.add(t.tokenId());
            return l;
        }

        /** The token with this full id ({@code user@realm!name}), or null. */
        public TokenInfo token(String tokenId) {
            for (TokenInfo t : tokens) if (t.tokenId().equals(tokenId)) return t;
            return null;
        }

        /** The ACL entries of a user or token (by {@code ugid}). */
        public List<AclEntry> acl(String ugid) {
            List<AclEntry> l = new java.util.ArrayList<>();
            for (AclEntry e : acl) if (e.ugid().equals(ugid)) l.add(e);
            return l;
        }
    }

    /**
     * One API token.
     *
     * @param tokenId the full id, {@code user@realm!name}
     * @param expire epoch seconds, 0: never
     * @param privsep privilege separated (PBS tokens always are)
     * @param enabled false only for a PBS token disabled through the API
     * @param valid it authenticates at the lab's now: enabled and not expired
     */
    public record TokenInfo(String tokenId, String userid, String comment, long expire, boolean privsep, boolean enabled, boolean valid) {}

    /**
     * One ACL entry.
     *
     * @param type {@code user}, {@code group} or {@code token} (PBS lists tokens as {@code user})
     * @param ugid the user, group or full token id
     */
    public record AclEntry(String path, String type, String ugid, String roleid, boolean propagate) {}

    /** The guest with this VMID, or null. */
    public GuestInfo guest(int vmid) {
        for (GuestInfo g : guests) if (g.vmid() == vmid) return g;
        return null;
    }
}
