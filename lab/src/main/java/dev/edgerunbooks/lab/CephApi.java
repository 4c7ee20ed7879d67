package dev.edgerunbooks.lab;

import dev.edgerunbooks.lab.Router.Request;
import dev.edgerunbooks.lab.Site.Ceph;
import dev.edgerunbooks.lab.Site.Cluster;
import dev.edgerunbooks.lab.Site.Osd;
import dev.edgerunbooks.lab.Site.Pool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.edgerunbooks.lab.PveApi.b;
import static dev.edgerunbooks.lab.PveApi.duration;
import static dev.edgerunbooks.lab.PveApi.map;

/** Ceph through the PVE API: status and flags, init, monitors, managers, disks and OSDs, pools. State lives in the cluster. */
final class CephApi {
    static final String[] CEPH_FLAGS = {"nobackfill", "nodeep-scrub", "nodown", "noin", "noout", "norebalance", "norecover", "noscrub", "notieragent", "noup", "pause"};
    static final String VERSION = "19.2.3";
    static final long DISK_SIZE = 1_920_383_410_176L;

    private CephApi() {}

    static void register(Router r) {
        r.add("GET", "/cluster/ceph/status", CephApi::status);
        r.add("GET", "/nodes/{node}/ceph/status", CephApi::status, "node");
        r.add("GET", "/cluster/ceph/flags", CephApi::flags);
        r.add("PUT", "/cluster/ceph/flags", CephApi::setFlags);
        r.add("PUT", "/cluster/ceph/flags/{flag}", CephApi::setFlag, "flag", "value");
        r.add("POST", "/nodes/{node}/ceph/init", CephApi::init, "node");
        r.add("GET", "/nodes/{node}/ceph/mon", CephApi::mons, "node");
        r.add("POST", "/nodes/{node}/ceph/mon/{monid}", CephApi::createMon, "node");
        r.add("GET", "/nodes/{node}/ceph/mgr", CephApi::mgrs, "node");
        r.add("POST", "/nodes/{node}/ceph/mgr/{id}", CephApi::createMgr, "node");
        r.add("GET", "/nodes/{node}/ceph/osd", CephApi::osdTree, "node");
        r.addRootOnly("POST", "/nodes/{node}/ceph/osd", CephApi::createOsd, "node", "dev");
        r.add("GET", "/nodes/{node}/ceph/pool", CephApi::pools, "node");
        r.add("POST", "/nodes/{node}/ceph/pool", CephApi::createPool, "node", "name");
        r.add("GET", "/nodes/{node}/disks/list", CephApi::disks, "node");
    }

    static Ceph ceph(Request q) {
        Ceph c = q.cluster().ceph;
        if (c == null) throw ApiException.fail("pveceph configuration not initialized");
        return c;
    }

    static List<String> monsInQuorum(Site s, Ceph c) {
        List<String> l = new ArrayList<>();
        for (Map.Entry<String, String> e : c.mons.entrySet()) if (s.nodeOnline(e.getValue())) l.add(e.getKey());
        return l;
    }

    /** Calls that talk to the monitors fail without a quorum, as RADOS does. */
    static void needQuorum(Site s, Ceph c) {
        if (c.mons.isEmpty()) throw ApiException.fail("rados_connect failed - No such file or directory");
        if (monsInQuorum(s, c).size() * 2 <= c.mons.size()) throw ApiException.fail("got timeout");
    }

    static Map<String, Object> check(String severity, String message, int count) {
        return map("severity", severity, "summary", map("message", message, "count", count), "muted", false);
    }

    static Object status(Request q) {
        Site s = q.site();
        Cluster cl = q.cluster();
        Ceph c = ceph(q);
        needQuorum(s, c);
        Map<String, Object> checks = new LinkedHashMap<>();
        List<String> quorum = monsInQuorum(s, c);
        if (!cl.cephFlags.isEmpty()) {
            checks.put("OSDMAP_FLAGS", check("HEALTH_WARN", String.join(",", cl.cephFlags) + " flag(s) set", cl.cephFlags.size()));
        }
        if (quorum.size() < c.mons.size()) {
            checks.put("MON_DOWN", check("HEALTH_WARN", (c.mons.size() - quorum.size()) + "/" + c.mons.size() + " mons down, quorum "
                    + String.join(",", quorum), c.mons.size() - quorum.size()));
        }
        if (c.mons.size() < 3) {
            // Ceph itself does not warn here; the lab does, so that HEALTH_OK means a fault-tolerant cluster
            checks.put("LAB_MON_COUNT", check("HEALTH_WARN", c.mons.size() + " monitor(s), 3 needed to tolerate a node failure", c.mons.size()));
        }
        int activeMgrs = 0;
        for (String n : c.mgrs.values()) if (s.nodeOnline(n)) activeMgrs++;
        if (activeMgrs == 0) checks.put("MGR_DOWN", check("HEALTH_WARN", "no active mgr", 1));
        int up = 0, in = 0, upIn = 0;
        List<String> downHosts = new ArrayList<>();
        for (Osd o : c.osds) {
            boolean u = s.nodeOnline(o.node);
            if (u) up++;
            if (o.in) in++;
            if (u && o.in) upIn++;
            if (!u && !downHosts.contains(o.node)) downHosts.add(o.node);
        }
        int down = c.osds.size() - up;
        if (down > 0) {
            checks.put("OSD_DOWN", check("HEALTH_WARN", down + " osds down", down));
            checks.put("OSD_HOST_DOWN", check("HEALTH_WARN", downHosts.size() + " host (" + down + " osds) down", downHosts.size()));
        }
        int maxSize = c.size;
        int minSize = 1;
        int pgs = 0;
        boolean dataPool = false;
        for (Pool p : c.pools.values()) {
            maxSize = Math.max(maxSize, p.size);
            minSize = Math.max(minSize, p.minSize);
            pgs += p.pgNum;
            dataPool |= !p.name.startsWith(".");
        }
        if (upIn < maxSize) checks.put("TOO_FEW_OSDS", check("HEALTH_WARN", "OSD count " + upIn + " < osd_pool_default_size " + maxSize, upIn));
        String pgState = "active+clean";
        if (pgs > 0 && upIn < minSize) {
            pgState = "undersized+degraded+peered";
            checks.put("PG_AVAILABILITY", check("HEALTH_WARN", "Reduced data availability: " + pgs + " pgs inactive", pgs));
        } else if (pgs > 0 && (down > 0 || upIn < maxSize)) {
            pgState = "active+undersized+degraded";
            checks.put("PG_DEGRADED", check("HEALTH_WARN", "Degraded data redundancy: 1234/3702 objects degraded (33.333%), " + pgs + " pgs degraded", pgs));
        }
        if (!dataPool) {
            // nor here: a cluster without a pool for guest disks cannot take restores
            checks.put("LAB_NO_POOL", check("HEALTH_WARN", "no pool for guest disks (create one, e.g. with add_storages)", 0));
        }
        String health = "HEALTH_OK";
        for (Object v : checks.values()) {
            String sev = (String) ((Map<?, ?>) v).get("severity");
            if (sev.equals("HEALTH_ERR")) health = sev;
            else if (sev.equals("HEALTH_WARN") && health.equals("HEALTH_OK")) health = sev;
        }
        List<Integer> ranks = new ArrayList<>();
        for (int i = 0; i < quorum.size(); i++) ranks.add(i);
        List<Object> byState = pgs == 0 ? List.of() : List.of(map("state_name", pgState, "count", pgs));
        return map("fsid", c.fsid,
                "health", map("status", health, "checks", checks, "mutes", List.of()),
                "election_epoch", 40 + 2 * c.mons.size(), "quorum", ranks, "quorum_names", quorum,
                "osdmap", map("epoch", 300 + c.osds.size(), "num_osds", c.osds.size(), "num_up_osds", up, "num_in_osds", in, "num_remapped_pgs", 0),
                "pgmap", map("pgs_by_state", byState, "num_pgs", pgs, "num_pools", c.pools.size(), "num_objects", pgs == 0 ? 0 : 1234,
                        "data_bytes", pgs == 0 ? 0 : 98L << 30, "bytes_used", pgs == 0 ? 0 : 296L << 30,
                        "bytes_avail", upIn * (DISK_SIZE - (50L << 30)), "bytes_total", (long) upIn * DISK_SIZE),
                "monmap", map("epoch", c.mons.size(), "num_mons", c.mons.size()),
                "mgrmap", map("available", activeMgrs > 0, "num_standbys", Math.max(0, activeMgrs - 1)));
    }

    static Object flags(Request q) {
        ceph(q);
        List<Object> l = new ArrayList<>();
        for (String f : CEPH_FLAGS) l.add(map("name", f, "description", describe(f), "value", b(q.cluster().cephFlags.contains(f))));
        return l;
    }

    static String describe(String f) {
        return switch (f) {
            case "noout" -> "OSDs will not automatically be marked out after being down for a while.";
            case "pause" -> "Pauses read and writes.";
            default -> "Sets the " + f + " flag.";
        };
    }

    static Object setFlags(Request q) {
        Site s = q.site();
        Cluster cl = q.cluster();
        ceph(q);
        Map<String, Boolean> changes = new LinkedHashMap<>();
        for (String f : CEPH_FLAGS) if (q.p(f) != null) changes.put(f, q.bool(f));
        if (changes.isEmpty()) throw ApiException.fail("no flags given to change");
        List<String> log = new ArrayList<>();
        changes.forEach((f, v) -> {
            log.add((v ? "set " : "unset ") + f);
            s.countOperation("set-ceph-flag", f);
        });
        return s.task(false, q.servingNode(), "cephsetflags", "", q.authId(), duration("cephsetflags"), log, tk -> {
            changes.forEach((f, v) -> {
                if (v) cl.cephFlags.add(f);
                else cl.cephFlags.remove(f);
            });
            return "OK";
        }).upid;
    }

    static Object setFlag(Request q) {
        ceph(q);
        String f = q.p("flag");
        if (!List.of(CEPH_FLAGS).contains(f)) {
            throw ApiException.param("flag", "value '" + f + "' does not have a value in the enumeration '" + String.join(", ", CEPH_FLAGS) + "'");
        }
        if (q.bool("value")) q.cluster().cephFlags.add(f);
        else q.cluster().cephFlags.remove(f);
        q.site().countOperation("set-ceph-flag", f);
        return null;
    }

    // ---------------------------------------------------------------- init, monitors, managers

    static Object init(Request q) {
        Site s = q.site();
        Cluster cl = q.cluster();
        String network = q.p("network");
        if (network != null && !network.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
            throw ApiException.param("network", "value does not look like a valid CIDR network");
        }
        if (!cl.clustered()) throw ApiException.fail("this node is not in a cluster: create or join one before initializing Ceph");
        if (cl.ceph != null) return null; // like pveceph init, an existing configuration is kept
        Ceph c = new Ceph();
        c.fsid = Certs.uuid("fsid|" + s.id + "|" + cl.name + "|" + s.nowEpoch()).toString();
        c.network = network != null ? network : "10." + (s.index % 250) + ".0.0/24";
        c.size = q.intP("size", 3);
        c.minSize = q.intP("min_size", 2);
        cl.ceph = c;
        return null;
    }

    static String monAddr(Site s, String node) { return s.nodeIp(s.nodeStates.get(node)); }

    static Object mons(Request q) {
        Site s = q.site();
        Ceph c = ceph(q);
        List<Object> l = new ArrayList<>();
        List<String> quorum = monsInQuorum(s, c);
        int rank = 0;
        for (Map.Entry<String, String> e : c.mons.entrySet()) {
            boolean on = s.nodeOnline(e.getValue());
            l.add(map("name", e.getKey(), "host", e.getValue(), "addr", monAddr(s, e.getValue()) + ":6789/0", "rank", rank++,
                    "quorum", b(quorum.contains(e.getKey()) && quorum.size() * 2 > c.mons.size()), "state", on ? "running" : "stopped",
                    "service", 1, "direxists", 1, "ceph_version", "ceph version " + VERSION + " squid (stable)", "ceph_version_short", VERSION));
        }
        return l;
    }

    static Object createMon(Request q) {
        Site s = q.site();
        Ceph c = ceph(q);
        String node = q.p("node");
        String id = q.p("monid", node);
        if (!id.matches("[a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?")) throw ApiException.param("monid", "value does not match the regex pattern");
        if (c.mons.containsKey(id) || c.creating.contains("mon:" + id)) throw ApiException.fail("monitor '" + id + "' already exists");
        if (c.mons.containsValue(node) || c.creating.contains("monnode:" + node)) {
            throw ApiException.fail("monitor address '" + monAddr(s, node) + "' already in use");
        }
        c.creating.add("mon:" + id);
        c.creating.add("monnode:" + node);
        Site.Task t = s.task(false, node, "cephcreatemon", "mon." + id, q.authId(), duration("cephcreatemon"),
                List.of("creating new monitor keyring", "creating /etc/pve/priv/ceph.mon.keyring", "monmaptool: monmap file /tmp/monmap"), tk -> {
                    c.creating.remove("mon:" + id);
                    c.creating.remove("monnode:" + node);
                    c.mons.put(id, node);
                    return "OK";
                });
        t.onAbort = tk -> {
            c.creating.remove("mon:" + id);
            c.creating.remove("monnode:" + node);
        };
        return t.upid;
    }

    static Object mgrs(Request q) {
        Site s = q.site();
        Ceph c = ceph(q);
        List<Object> l = new ArrayList<>();
        boolean active = false;
        for (Map.Entry<String, String> e : c.mgrs.entrySet()) {
            boolean on = s.nodeOnline(e.getValue());
            String state = !on ? "unknown" : active ? "standby" : "active";
            active |= on;
            l.add(map("name", e.getKey(), "host", e.getValue(), "addr", monAddr(s, e.getValue()), "state", state));
        }
        return l;
    }

    static Object createMgr(Request q) {
        Site s = q.site();
        Ceph c = ceph(q);
        String node = q.p("node");
        String id = q.p("id", node);
        if (c.mgrs.containsKey(id) || c.creating.contains("mgr:" + id)) {
            throw ApiException.fail("ceph manager directory '/var/lib/ceph/mgr/ceph-" + id + "' already exists");
        }
        c.creating.add("mgr:" + id);
        Site.Task t = s.task(false, node, "cephcreatemgr", "mgr." + id, q.authId(), duration("cephcreatemgr"),
                List.of("creating manager directory '/var/lib/ceph/mgr/ceph-" + id + "'", "creating keys for 'mgr." + id + "'", "enabling service 'ceph-mgr@" + id + ".service'"), tk -> {
                    c.creating.remove("mgr:" + id);
                    c.mgrs.put(id, node);
                    return "OK";
                });
        t.onAbort = tk -> c.creating.remove("mgr:" + id);
        return t.upid;
    }

    // ---------------------------------------------------------------- disks and OSDs

    static Osd osdOn(Ceph c, String node, String dev) {
        if (c == null) return null;
        for (Osd o : c.osds) if (o.node.equals(node) && o.dev.equals(dev)) return o;
        return null;
    }

    static Object disks(Request q) {
        Site s = q.site();
        String node = q.p("node");
        Ceph c = q.cluster().ceph;
        String type = q.p("type");
        List<Object> l = new ArrayList<>();
        byte[] h = Certs.sha256("disks|" + s.id + "|" + node);
        if (type == null) {
            Map<String, Object> sys = map("devpath", "/dev/sda", "type", "ssd", "size", 240_057_409_536L, "model", "INTEL SSDSC2KB240G8", "vendor", "ATA",
                    "serial", String.format("PHYF%08X240AGN", h[0] & 0xffff), "wwn", String.format("0x55cd2e41%08x", h[1] & 0xffffff),
                    "gpt", 1, "mounted", 0, "used", "partitions", "osdid", -1);
            sys.put("osdid-list", null);
            sys.putAll(map("health", "PASSED", "wearout", 97, "rpm", 0, "by_id_link", "/dev/disk/by-id/ata-INTEL_SSDSC2KB240G8"));
            l.add(sys);
        }
        for (int i = 0; i < Site.OSD_DISKS.length; i++) {
            String dev = Site.OSD_DISKS[i];
            Osd o = osdOn(c, node, dev);
            if ("unused".equals(type) && o != null) continue;
            String serial = String.format("S6CKNA0W%06X", ((h[2 + i] & 0xff) << 8 | (h[4 + i] & 0xff)));
            Map<String, Object> d = map("devpath", dev, "type", "nvme", "size", DISK_SIZE, "model", "SAMSUNG MZQL21T9HCJR-00A07", "vendor", "unknown",
                    "serial", serial, "wwn", "eui.36434e3052a00" + i + String.format("%02x", h[6 + i] & 0xff), "gpt", 0, "mounted", 0,
                    "used", o == null ? null : "LVM", "osdid", o == null ? -1 : o.id);
            d.put("osdid-list", o == null ? null : List.of(o.id)); // null, not absent, like PVE
            d.putAll(map("health", "PASSED", "wearout", 99, "rpm", 0, "by_id_link", "/dev/disk/by-id/nvme-SAMSUNG_MZQL21T9HCJR-00A07_" + serial));
            l.add(d);
        }
        return l;
    }

    static Object createOsd(Request q) {
        Site s = q.site();
        Ceph c = ceph(q);
        needQuorum(s, c);
        String node = q.p("node");
        String dev = q.p("dev");
        if (dev.equals("/dev/sda")) throw ApiException.fail("device '" + dev + "' is already in use");
        if (!List.of(Site.OSD_DISKS).contains(dev)) throw ApiException.fail("unable to get device info for '" + dev + "'");
        String key = "osd:" + node + ":" + dev;
        if (osdOn(c, node, dev) != null || c.creating.contains(key)) throw ApiException.fail("device '" + dev + "' is already in use");
        c.creating.add(key);
        Site.Task t = s.task(false, node, "cephcreateosd", dev.substring(dev.lastIndexOf('/') + 1), q.authId(), duration("cephcreateosd"),
                List.of("create OSD on " + dev + " (bluestore)", "wiping block device " + dev), tk -> {
                    c.creating.remove(key);
                    int id = 0;
                    while (true) {
                        int k = id;
                        if (c.osds.stream().noneMatch(o -> o.id == k)) break;
                        id++;
                    }
                    Osd o = new Osd();
                    o.id = id;
                    o.node = node;
                    o.dev = dev;
                    c.osds.add(o);
                    tk.log.add("Running command: /usr/bin/ceph-volume lvm create --cluster-fsid " + c.fsid + " --data " + dev);
                    tk.log.add("--> ceph-volume lvm create successful for: " + dev + " (osd." + id + ")");
                    return "OK";
                });
        t.onAbort = tk -> c.creating.remove(key);
        return t.upid;
    }

    static Object osdTree(Request q) {
        Site s = q.site();
        Cluster cl = q.cluster();
        Ceph c = ceph(q);
        List<Object> hosts = new ArrayList<>();
        List<String> hostNames = new ArrayList<>();
        for (Osd o : c.osds) if (!hostNames.contains(o.node)) hostNames.add(o.node);
        for (int i = 0; i < hostNames.size(); i++) {
            String n = hostNames.get(i);
            List<Object> osds = new ArrayList<>();
            for (Osd o : c.osds) {
                if (!o.node.equals(n)) continue;
                osds.add(map("id", o.id, "name", "osd." + o.id, "type", "osd", "status", s.nodeOnline(n) ? "up" : "down", "in", b(o.in), "host", n,
                        "crush_weight", 1.74660, "reweight", o.in ? 1 : 0, "device_class", "nvme", "osdtype", "bluestore", "percent_used", 5.2 + o.id,
                        "leaf", 1, "blfsdev", o.dev, "version", VERSION));
            }
            hosts.add(map("id", -2 - i, "name", n, "type", "host", "leaf", 0, "version", VERSION, "children", osds));
        }
        Map<String, Object> out = map("root", map("leaf", 0, "children", List.of(map("id", -1, "name", "default", "type", "root", "leaf", 0, "children", hosts))));
        if (!cl.cephFlags.isEmpty()) out.put("flags", String.join(",", cl.cephFlags));
        return out;
    }

    // ---------------------------------------------------------------- pools

    static Object pools(Request q) {
        Ceph c = ceph(q);
        List<Object> l = new ArrayList<>();
        for (Pool p : c.pools.values()) {
            l.add(map("pool", p.id, "pool_name", p.name, "size", p.size, "min_size", p.minSize, "pg_num", p.pgNum, "pg_num_min", p.name.equals(".mgr") ? 1 : null,
                    "pg_autoscale_mode", "on", "crush_rule", 0, "crush_rule_name", "replicated_rule", "type", "replicated",
                    "percent_used", p.name.startsWith(".") ? 0.0 : 0.0172, "bytes_used", p.name.startsWith(".") ? 1_388_544L : 98L << 30,
                    "application_metadata", map(p.application, map())));
        }
        return l;
    }

    static Object createPool(Request q) {
        Site s = q.site();
        Cluster cl = q.cluster();
        Ceph c = ceph(q);
        String name = q.p("name");
        if (!name.matches("[^:/\\s]+")) throw ApiException.param("name", "value does not match the regex pattern");
        int size = q.intP("size", 3), minSize = q.intP("min_size", 2), pgNum = q.intP("pg_num", 128);
        if (size < 1 || size > 7) throw ApiException.param("size", "value must have a minimum value of 1 and a maximum value of 7");
        if (minSize > size) throw ApiException.fail("min_size " + minSize + " cannot be greater than size " + size);
        boolean addStorages = q.bool("add_storages");
        String app = q.p("application", "rbd");
        needQuorum(s, c);
        if (c.pools.containsKey(name) || c.creating.contains("pool:" + name)) throw ApiException.fail("pool '" + name + "' already exists");
        c.creating.add("pool:" + name);
        Site.Task t = s.task(false, q.p("node"), "cephcreatepool", name, q.authId(), duration("cephcreatepool"),
                List.of("pool " + name + ": applying size = " + size, "pool " + name + ": applying min_size = " + minSize,
                        "pool " + name + ": applying application = " + app, "pool " + name + ": applying pg_num = " + pgNum), tk -> {
                    c.creating.remove("pool:" + name);
                    Site.addPool(c, name, size, minSize, pgNum, app);
                    if (addStorages) {
                        if (cl.storages.containsKey(name)) return "adding PVE storage for ceph pool '" + name + "' failed: storage ID '" + name + "' already defined";
                        Site.addStorage(cl, name, "rbd", "images,rootdir", true, null);
                    }
                    return "OK";
                });
        t.onAbort = tk -> c.creating.remove("pool:" + name);
        return t.upid;
    }
}
