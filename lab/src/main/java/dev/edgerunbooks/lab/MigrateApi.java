package dev.edgerunbooks.lab;

import dev.edgerunbooks.lab.Router.Request;
import dev.edgerunbooks.lab.Site.Cluster;
import dev.edgerunbooks.lab.Site.Guest;
import dev.edgerunbooks.lab.Site.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.edgerunbooks.lab.PveApi.b;
import static dev.edgerunbooks.lab.PveApi.duration;
import static dev.edgerunbooks.lab.PveApi.map;

/**
 * Guest migration inside a cluster ({@code POST|GET /nodes/{node}/{qemu|lxc}/{vmid}/migrate}) as qemu-server and pve-container
 * do it: the API refuses what it can see at once, the {@code qmigrate}/{@code vzmigrate} task does the rest; the guest belongs
 * to the target node when the task ends well. Disks are on shared Ceph storage, so only the VM's RAM (or nothing) moves.
 */
final class MigrateApi {
    private MigrateApi() {}

    static void register(Router r) {
        for (String t : new String[]{"qemu", "lxc"}) {
            r.add("POST", "/nodes/{node}/" + t + "/{vmid}/migrate", q -> migrate(q, t), "node", "target", "vmid");
            r.add("GET", "/nodes/{node}/" + t + "/{vmid}/migrate", q -> precondition(q, t), "node", "vmid");
        }
    }

    static Object migrate(Request q, String t) {
        Site s = q.site();
        Cluster c = q.cluster();
        boolean qemu = t.equals("qemu");
        String node = q.p("node"), target = q.p("target");
        if (target.equals(node)) throw ApiException.param("target", "target is local node.");
        if (!s.quorate(c)) throw ApiException.fail("cluster not ready - no quorum?");
        if (!c.members.contains(target)) throw ApiException.fail("no such cluster node '" + target + "'");
        Guest g = PveApi.guest(q, t);
        boolean online = q.bool("online"), restart = !qemu && q.bool("restart");
        boolean running = g.status.equals("running");
        if (qemu) {
            for (String p : List.of("force", "migration_type", "migration_network")) {
                if (q.p(p) != null && !Site.ROOT.equals(q.authId())) throw ApiException.param(p, "Only root may use this option.");
            }
            q.bool("with-local-disks");
            PveApi.checkLock(g);
            if (running && !online) throw ApiException.fail("can't migrate running VM without --online");
        } else {
            q.intP("timeout", 180);
            if (running && !online && !restart) throw ApiException.fail("can't migrate running container without --online or --restart");
        }
        // what pve-container's and qemu-server's prepare phase finds: the task starts, then aborts
        String early = !qemu && g.lock != null ? "CT is locked (" + g.lock + ")"
                : !qemu && running && online ? "lxc live migration is currently not implemented"
                : !s.nodeOnline(target) ? "Can't connect to destination address using public key" : null;
        String kind = qemu ? "VM" : "CT";
        String type = qemu ? "qmigrate" : "vzmigrate";
        String vmid = String.valueOf(g.vmid);
        List<String> log = new ArrayList<>();
        log.add("starting migration of " + kind + " " + vmid + " to node '" + target + "' (" + s.nodeIp(s.nodeStates.get(target)) + ")");
        if (early == null) g.lock = "migrate";
        s.countOperation("migrate", vmid);
        boolean live = qemu && running, restarting = !qemu && running;
        Task task = s.task(false, node, type, vmid, q.authId(), early != null ? 1 : duration(type), log, tk -> {
            if (early != null) return aborted(tk, early);
            g.lock = null;
            if (!s.nodeOnline(target)) return aborted(tk, "Can't connect to destination address using public key");
            String disk = g.config.get(qemu ? g.bootDisk() : "rootfs");
            String volume = disk == null ? null : disk.split(",", 2)[0];
            if (restarting) tk.log.add("shutdown CT " + vmid);
            if (volume != null) tk.log.add("volume '" + volume + "' is on shared storage '" + volume.split(":", 2)[0] + "'");
            if (live) {
                tk.log.add("starting VM " + vmid + " on remote node '" + target + "'");
                tk.log.add("start remote tunnel");
                tk.log.add("ssh tunnel ver 1");
                tk.log.add("starting online/live migration on unix:/run/qemu-server/" + vmid + ".migrate");
                tk.log.add("set migration capabilities");
                tk.log.add("migration downtime limit: 100 ms");
                tk.log.add("start migrate command to unix:/run/qemu-server/" + vmid + ".migrate");
                tk.log.add("average migration speed: 1.1 GiB/s - downtime 45 ms");
                tk.log.add("migration status: completed");
            }
            g.node = target; // the config moves to nodes/<target>/…
            String exit = "OK";
            if (restarting) {
                g.status = "stopped";
                tk.log.add("start container on target node");
                exit = PveApi.start(s, g); // a restart: the pull agent runs
            }
            tk.log.add("start final cleanup");
            if (!exit.equals("OK")) {
                tk.log.add("ERROR: " + exit);
                tk.log.add("migration finished with problems (duration " + took(tk) + ")");
                return "migration problems";
            }
            tk.log.add("migration finished successfully (duration " + took(tk) + ")");
            return "OK";
        });
        task.onAbort = tk -> {
            if ("migrate".equals(g.lock)) g.lock = null;
        };
        return task.upid;
    }

    /** AbstractMigrate's end of a failed migration: the cause in the log, "migration aborted" as the exit status. */
    private static String aborted(Task tk, String cause) {
        tk.log.add("ERROR: migration aborted (duration " + took(tk) + "): " + cause);
        return "migration aborted";
    }

    private static String took(Task tk) {
        long sec = Math.max(0, (tk.endMillis - tk.startMillis) / 1000);
        return String.format("%02d:%02d:%02d", sec / 3600, sec / 60 % 60, sec % 60);
    }

    /**
     * What the GUI asks before a migration: the other cluster members (every one has the shared storages; like PVE, online or
     * not), no local disks or resources.
     */
    static Object precondition(Request q, String t) {
        Guest g = PveApi.guest(q, t);
        List<String> others = new ArrayList<>();
        for (String n : q.cluster().members) if (!n.equals(g.node)) others.add(n);
        int running = b(g.status.equals("running"));
        if (t.equals("lxc")) return map("running", running, "allowed-nodes", others, "not-allowed-nodes", Map.of());
        return map("running", running, "allowed_nodes", others, "not_allowed_nodes", Map.of(), "local_disks", List.of(),
                "local_resources", List.of(), "mapped-resources", List.of(), "mapped-resource-info", Map.of(), "has-dbus-vmstate", 1);
    }
}
