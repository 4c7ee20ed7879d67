package dev.edgerunbooks.lab;

import java.time.Instant;
import java.util.List;

/**
 * What {@link Lab#inspect(String)} sees on a store or staging cluster: its nodes, every guest, every guest start with the
 * bridges of the guest's interfaces, and the starts that breached isolation (a guest restored from another site started with an
 * interface on a bridge that has physical ports).
 */
public record LabInspection(String siteId, List<NodeInfo> nodes, List<GuestInfo> guests, List<GuestStart> starts,
                            List<GuestStart> isolationBreaches) {

    public LabInspection {
        nodes = List.copyOf(nodes);
        guests = List.copyOf(guests);
        starts = List.copyOf(starts);
        isolationBreaches = List.copyOf(isolationBreaches);
    }

    /**
     * One physical node.
     *
     * @param cluster the name of the cluster it is in, null when standalone
     * @param bridges its active bridges
     */
    public record NodeInfo(String name, boolean online, boolean reinstalling, String cluster, List<String> bridges) {
        public NodeInfo {
            bridges = List.copyOf(bridges);
        }
    }

    /**
     * One guest.
     *
     * @param originStore the site it was created on or whose backup it was restored from
     * @param originVmid its VMID there
     * @param lock the config lock ({@code create} while restoring), null when unlocked
     */
    public record GuestInfo(int vmid, String name, String type, String node, String status, String originStore, int originVmid,
                            List<String> bridges, String lock) {
        public GuestInfo {
            bridges = List.copyOf(bridges);
        }
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

    /** The guest with this VMID, or null. */
    public GuestInfo guest(int vmid) {
        for (GuestInfo g : guests) if (g.vmid() == vmid) return g;
        return null;
    }
}
