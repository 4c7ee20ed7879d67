package dev.edgerunbooks.lab;

import dev.edgerunbooks.lab.Router.Request;
import dev.edgerunbooks.lab.Site.Guest;
import dev.edgerunbooks.lab.Site.Snap;
import dev.edgerunbooks.lab.Site.Task;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Proxmox VE routes the lab serves. */
final class PveApi {
    static final Router ROUTER = new Router();
    static final DateTimeFormatter VOLID_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    static final Pattern VOLID = Pattern.compile("^([^:\\s]+):backup/(vm|ct)/(\\d+)/(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ)$");
    static final Pattern SNAPNAME = Pattern.compile("^[a-z][a-z0-9_-]+$", Pattern.CASE_INSENSITIVE);
    static final String[] CEPH_FLAGS = {"nobackfill", "nodeep-scrub", "nodown", "noin", "noout", "norebalance", "norecover", "noscrub", "notieragent", "noup", "pause"};
    static final Map<String, Double> DURATIONS = Map.ofEntries(
            Map.entry("qmstart", 20.0), Map.entry("vzstart", 10.0), Map.entry("qmshutdown", 30.0), Map.entry("vzshutdown", 15.0),
            Map.entry("qmstop", 5.0), Map.entry("vzstop", 5.0), Map.entry("qmsnapshot", 10.0), Map.entry("vzsnapshot", 10.0),
            Map.entry("qmrollback", 20.0), Map.entry("vzrollback", 15.0), Map.entry("qmdelsnapshot", 10.0), Map.entry("vzdelsnapshot", 10.0),
            Map.entry("qmrestore", 300.0), Map.entry("vzrestore", 120.0), Map.entry("qmcreate", 10.0), Map.entry("qmdestroy", 10.0),
            Map.entry("vzdestroy", 5.0), Map.entry("vzdump", 180.0), Map.entry("cephsetflags", 2.0),
            Map.entry("verify", 60.0), Map.entry("verify_snapshot", 60.0), Map.entry("verify_group", 60.0), Map.entry("syncjob", 120.0));

    static double duration(String type) { return DURATIONS.getOrDefault(type, 10.0); }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) if (kv[i + 1] != null) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static int b(boolean v) { return v ? 1 : 0; }

    static {
        Router r = ROUTER;
        r.add("GET", "/version", q -> map("version", "9.1.2", "release", "9.1", "repoid", "4e5e1f0b", "console", "html5"));
        r.add("GET", "/cluster/status", PveApi::clusterStatus);
        r.add("GET", "/cluster/resources", PveApi::clusterResources);
        r.add("GET", "/nodes", PveApi::nodes);
        r.add("GET", "/nodes/{node}/status", PveApi::nodeStatus, "node");
        for (String t : new String[]{"qemu", "lxc"}) {
            String base = "/nodes/{node}/" + t;
            r.add("GET", base, q -> listGuests(q, t), "node");
            if (t.equals("qemu")) r.add("POST", base, q -> createOrRestore(q, t), "node", "vmid");
            else r.add("POST", base, q -> createOrRestore(q, t), "node", "ostemplate", "vmid");
            r.add("DELETE", base + "/{vmid}", q -> destroy(q, t), "node", "vmid");
            r.add("GET", base + "/{vmid}/status/current", q -> guestStatus(guest(q, t), q.site().nowEpoch()), "node", "vmid");
            r.add("POST", base + "/{vmid}/status/start", q -> power(q, t, "start"), "node", "vmid");
            r.add("POST", base + "/{vmid}/status/stop", q -> power(q, t, "stop"), "node", "vmid");
            r.add("POST", base + "/{vmid}/status/shutdown", q -> power(q, t, "shutdown"), "node", "vmid");
            r.add("GET", base + "/{vmid}/snapshot", q -> listSnapshots(q, t), "node", "vmid");
            r.add("POST", base + "/{vmid}/snapshot", q -> createSnapshot(q, t), "node", "snapname", "vmid");
            r.add("DELETE", base + "/{vmid}/snapshot/{snapname}", q -> deleteSnapshot(q, t), "node", "snapname", "vmid");
            r.add("POST", base + "/{vmid}/snapshot/{snapname}/rollback", q -> rollback(q, t), "node", "snapname", "vmid");
        }
        r.add("POST", "/nodes/{node}/qemu/{vmid}/agent/ping", PveApi::agentPing, "node", "vmid");
        r.add("GET", "/nodes/{node}/storage", PveApi::nodeStorage, "node");
        r.add("GET", "/nodes/{node}/storage/{storage}/content", PveApi::storageContent, "node", "storage");
        r.add("GET", "/storage", PveApi::storageList);
        r.add("POST", "/storage", PveApi::storageCreate, "storage", "type");
        r.add("GET", "/cluster/ceph/status", PveApi::cephStatus);
        r.add("GET", "/nodes/{node}/ceph/status", PveApi::cephStatus, "node");
        r.add("GET", "/cluster/ceph/flags", PveApi::cephFlags);
        r.add("PUT", "/cluster/ceph/flags", PveApi::setCephFlags);
        r.add("PUT", "/cluster/ceph/flags/{flag}", PveApi::setCephFlag, "flag", "value");
        r.add("GET", "/nodes/{node}/ceph/osd", PveApi::osdTree, "node");
        r.add("GET", "/nodes/{node}/certificates/info", PveApi::certInfo, "node");
        r.add("POST", "/nodes/{node}/vzdump", PveApi::vzdump);
        r.add("GET", "/nodes/{node}/tasks", PveApi::taskList, "node");
        r.add("GET", "/nodes/{node}/tasks/{upid}/status", q -> taskStatus(task(q)), "node", "upid");
        r.add("GET", "/nodes/{node}/tasks/{upid}/log", q -> taskLog(q, task(q)), "node", "upid");
    }

    // ---------------------------------------------------------------- cluster / nodes

    static Object clusterStatus(Request q) {
        Site s = q.site();
        List<Object> l = new ArrayList<>();
        int online = 0;
        for (String n : s.nodes) if (s.nodeOnline(n)) online++;
        l.add(map("type", "cluster", "id", "cluster", "name", s.id, "quorate", b(online >= 2), "nodes", s.nodes.size(), "version", 3));
        for (int i = 0; i < s.nodes.size(); i++) {
            String n = s.nodes.get(i);
            l.add(map("type", "node", "id", "node/" + n, "name", n, "nodeid", i + 1, "ip", "10." + (s.index % 250) + ".0." + (11 + i),
                    "online", b(s.nodeOnline(n)), "local", b(n.equals(q.servingNode())), "level", ""));
        }
        return l;
    }

    static long uptime(Site s) { return Math.max(0, s.nowEpoch() - s.bootEpoch); }

    static Object clusterResources(Request q) {
        Site s = q.site();
        String type = q.p("type");
        List<Object> l = new ArrayList<>();
        if (type == null || type.equals("node")) {
            for (String n : s.nodes) {
                boolean on = s.nodeOnline(n);
                l.add(map("id", "node/" + n, "type", "node", "node", n, "status", on ? "online" : "offline", "cpu", on ? 0.07 : 0,
                        "maxcpu", 16, "mem", on ? 21L << 30 : 0, "maxmem", 64L << 30, "disk", 9L << 30, "maxdisk", 94L << 30,
                        "uptime", on ? uptime(s) : 0, "level", "", "cgroup-mode", 2));
            }
        }
        if (type == null || type.equals("vm")) {
            for (Guest g : s.guests.values()) {
                Map<String, Object> m = guestStatus(g, q.site().nowEpoch());
                m.put("id", g.type + "/" + g.vmid);
                m.put("type", g.type);
                m.put("node", g.node);
                m.put("template", 0);
                m.put("hastate", null);
                if (!s.nodeOnline(g.node)) m.put("status", "unknown");
                l.add(m);
            }
        }
        if (type == null || type.equals("storage")) {
            for (String n : s.nodes) {
                for (Site.Storage st : s.storages.values()) {
                    l.add(map("id", "storage/" + n + "/" + st.id, "type", "storage", "node", n, "storage", st.id, "plugintype", st.type,
                            "shared", b(st.shared), "content", st.content, "status", s.nodeOnline(n) ? "available" : "unknown",
                            "disk", 120L << 30, "maxdisk", 1800L << 30));
                }
            }
        }
        if (type != null && !List.of("vm", "storage", "node", "sdn").contains(type)) {
            throw ApiException.param("type", "value '" + type + "' does not have a value in the enumeration 'vm, storage, node, sdn'");
        }
        return l;
    }

    static Object nodes(Request q) {
        Site s = q.site();
        List<Object> l = new ArrayList<>();
        for (String n : s.nodes) {
            boolean on = s.nodeOnline(n);
            l.add(map("node", n, "status", on ? "online" : "offline", "cpu", on ? 0.07 : null, "maxcpu", 16, "mem", on ? 21L << 30 : null,
                    "maxmem", 64L << 30, "uptime", on ? uptime(s) : null, "level", "", "id", "node/" + n,
                    "ssl_fingerprint", s.servers.get(n).cert.fingerprint(), "type", "node"));
        }
        return l;
    }

    static Object nodeStatus(Request q) {
        Site s = q.site();
        long total = 64L << 30, used = 21L << 30;
        return map("cpu", 0.07, "wait", 0.001, "uptime", uptime(s), "idle", 0, "loadavg", List.of("0.42", "0.51", "0.48"),
                "memory", map("total", total, "used", used, "free", total - used, "available", total - used),
                "swap", map("total", 0, "used", 0, "free", 0),
                "rootfs", map("total", 94L << 30, "used", 9L << 30, "free", 85L << 30, "avail", 80L << 30),
                "ksm", map("shared", 0),
                "pveversion", "pve-manager/9.1.2/4e5e1f0b3c6d8a29",
                "kversion", "Linux 6.17.2-1-pve #1 SMP PREEMPT_DYNAMIC PMX 6.17.2-1 (2025-11-05T09:11Z) x86_64",
                "current-kernel", map("sysname", "Linux", "release", "6.17.2-1-pve", "version", "#1 SMP PREEMPT_DYNAMIC PMX 6.17.2-1", "machine", "x86_64"),
                "boot-info", map("mode", "efi", "secureboot", 0),
                "cpuinfo", map("model", "Intel(R) Xeon(R) E-2388G CPU @ 3.20GHz", "cpus", 16, "cores", 8, "sockets", 1, "mhz", "3200.000",
                        "hvm", "1", "flags", "fpu vme de pse tsc msr pae mce"));
    }

    // ---------------------------------------------------------------- guests

    static Guest guest(Request q, String t) {
        int vmid = vmid(q);
        Guest g = q.site().guests.get(vmid);
        String kind = t.equals("qemu") ? "VM" : "CT";
        if (g == null || !g.type.equals(t)) {
            throw ApiException.fail(t.equals("qemu") ? "Configuration file 'nodes/" + q.p("node") + "/qemu-server/" + vmid + ".conf' does not exist"
                    : "Configuration file 'nodes/" + q.p("node") + "/lxc/" + vmid + ".conf' does not exist");
        }
        if (!g.node.equals(q.p("node"))) {
            throw ApiException.fail(kind.equals("VM") ? "Configuration file 'nodes/" + q.p("node") + "/qemu-server/" + vmid + ".conf' does not exist"
                    : "Configuration file 'nodes/" + q.p("node") + "/lxc/" + vmid + ".conf' does not exist");
        }
        return g;
    }

    static int vmid(Request q) {
        String v = q.p("vmid");
        try {
            int id = Integer.parseInt(v);
            if (id < 100 || id > 999_999_999) throw new NumberFormatException();
            return id;
        } catch (NumberFormatException e) {
            throw ApiException.param("vmid", "invalid format - value does not look like a valid VM ID");
        }
    }

    static Map<String, Object> guestStatus(Guest g, long now) {
        boolean run = g.status.equals("running");
        Map<String, Object> m = map("vmid", g.vmid, "name", g.name, "status", g.status, "uptime", run ? Math.max(0, now - g.startedAt) : 0,
                "cpus", g.cpus, "cpu", run ? 0.03 + (g.vmid % 5) / 100.0 : 0, "maxmem", g.maxmem, "mem", run ? g.maxmem / 3 : 0,
                "maxdisk", g.maxdisk, "disk", g.type.equals("lxc") ? g.maxdisk / 4 : 0, "netin", run ? 123456789L : 0, "netout", run ? 98765432L : 0,
                "diskread", 0, "diskwrite", 0, "tags", g.role, "ha", map("managed", 0));
        if (g.type.equals("qemu")) {
            m.put("qmpstatus", g.status);
            m.put("agent", 1);
            if (run) m.put("pid", 10000 + g.vmid);
            m.put("running-machine", run ? "pc-q35-10.1+pve0" : null);
        } else {
            m.put("type", "lxc");
            m.put("swap", 0);
            m.put("maxswap", 512L << 20);
        }
        return m;
    }

    static Object listGuests(Request q, String t) {
        List<Object> l = new ArrayList<>();
        for (Guest g : q.site().guests.values()) {
            if (!g.type.equals(t) || !g.node.equals(q.p("node"))) continue;
            Map<String, Object> m = guestStatus(g, q.site().nowEpoch());
            m.remove("ha");
            l.add(m);
        }
        return l;
    }

    static String kind(String t) { return t.equals("qemu") ? "VM" : "CT"; }

    static String pfx(String t) { return t.equals("qemu") ? "qm" : "vz"; }

    static Object power(Request q, String t, String action) {
        Site s = q.site();
        Guest g = guest(q, t);
        boolean run = g.status.equals("running");
        String k = kind(t);
        if (action.equals("start") && run) throw ApiException.fail(k + " " + g.vmid + " already running");
        if (action.equals("shutdown") && !run) throw ApiException.fail(k + " " + g.vmid + " not running");
        if (action.equals("start")) {
            Site origin = q.site().lab.site(g.origin);
            if (origin != null && origin.faults.noBoot.contains(g.vmid)) g.agentDead = true;
        }
        String type = pfx(t) + action;
        Task task = s.task(false, g.node, type, String.valueOf(g.vmid), q.authId(), duration(type), List.of(), tk -> {
            if (action.equals("start")) {
                g.status = "running";
                g.startedAt = s.nowEpoch();
            } else {
                g.status = "stopped";
            }
            return "OK";
        });
        return task.upid;
    }

    static Object destroy(Request q, String t) {
        Site s = q.site();
        Guest g = guest(q, t);
        if (g.status.equals("running") && !(t.equals("lxc") && q.bool("force"))) {
            throw ApiException.fail(kind(t) + " " + g.vmid + " is running - destroy failed");
        }
        String type = pfx(t) + "destroy";
        return s.task(false, g.node, type, String.valueOf(g.vmid), q.authId(), duration(type), List.of(), tk -> {
            s.guests.remove(g.vmid, g);
            return "OK";
        }).upid;
    }

    static Object createOrRestore(Request q, String t) {
        Site s = q.site();
        int vmid = vmid(q);
        String node = q.p("node");
        String archive = t.equals("qemu") ? q.p("archive") : q.p("ostemplate");
        String k = kind(t);
        Guest existing = s.guests.get(vmid);
        boolean force = q.bool("force");
        if (archive == null || archive.isEmpty() || (t.equals("lxc") && !q.bool("restore"))) {
            if (existing != null) throw ApiException.fail("unable to create " + k + " " + vmid + " - " + k + " " + vmid + " already exists on node '" + existing.node + "'");
            Guest g = newGuest(vmid, q.p("name", t.equals("qemu") ? "VM" + vmid : "CT" + vmid), t, node, s.id);
            g.status = "stopped";
            String type = t.equals("qemu") ? "qmcreate" : "vzcreate";
            return s.task(false, node, type, String.valueOf(vmid), q.authId(), duration(type), List.of(), tk -> {
                s.guests.put(vmid, g);
                return "OK";
            }).upid;
        }
        String errPfx = "unable to restore " + k + " " + vmid + " - ";
        if (existing != null && !force) {
            throw ApiException.fail(errPfx + k + " " + vmid + " already exists on node '" + existing.node + "'");
        }
        if (existing != null && existing.status.equals("running")) {
            throw ApiException.fail(errPfx + k + " " + vmid + " is running");
        }
        Matcher m = VOLID.matcher(archive);
        if (!m.matches()) throw ApiException.param(t.equals("qemu") ? "archive" : "ostemplate", "unable to parse volume ID '" + archive + "'");
        Site.Storage st = s.storages.get(m.group(1));
        if (st == null) throw ApiException.fail(errPfx + "storage '" + m.group(1) + "' does not exist");
        if (st.pbsSite == null) throw ApiException.fail(errPfx + "no such volume '" + archive + "'");
        Site src = st.pbsSite;
        int srcId = Integer.parseInt(m.group(3));
        long time = Instant.from(VOLID_TIME.parse(m.group(4))).getEpochSecond();
        Snap snap;
        Guest srcGuest;
        boolean fail;
        synchronized (src) {
            snap = src.findSnap(m.group(2), srcId, time);
            srcGuest = src.guests.get(srcId);
            fail = src.faults.failRestore.remove(srcId);
        }
        if (snap == null) throw ApiException.fail(errPfx + "volume '" + archive + "' does not exist");
        if ((snap.type.equals("vm")) != t.equals("qemu")) {
            throw ApiException.fail(errPfx + "archive '" + archive + "' is a " + (snap.type.equals("vm") ? "VM" : "container") + " backup");
        }
        String storage = q.p("storage", "local");
        if (!s.storages.containsKey(storage)) throw ApiException.fail(errPfx + "storage '" + storage + "' does not exist");
        boolean start = q.bool("start");
        String name = srcGuest != null ? srcGuest.name : (t.equals("qemu") ? "VM" + vmid : "CT" + vmid);
        String type = pfx(t) + "restore";
        List<String> log = new ArrayList<>();
        log.add("new volume ID is '" + storage + ":vm-" + vmid + "-disk-0'");
        log.add("restore proxmox backup image: /usr/bin/pbs-restore --repository " + src.creds.pbsTokenId() + "@127.0.0.1:" + Site.DATASTORE + " "
                + snap.type + "/" + srcId + "/" + m.group(4) + " drive-scsi0.img.fidx");
        String srcStore = src.id;
        return s.task(false, node, type, String.valueOf(vmid), q.authId(), duration(type), log, tk -> {
            if (fail) {
                return errPfx + "command '/usr/bin/pbs-restore --repository " + Site.DATASTORE + " " + snap.type + "/" + srcId
                        + "' failed: exit code 255";
            }
            Guest g = newGuest(vmid, name, t, node, srcStore);
            if (srcGuest != null) {
                g.role = srcGuest.role;
                g.maxmem = srcGuest.maxmem;
                g.maxdisk = srcGuest.maxdisk;
                g.cpus = srcGuest.cpus;
            }
            g.status = start ? "running" : "stopped";
            g.startedAt = s.nowEpoch();
            if (start && src.faults.noBoot.contains(srcId)) g.agentDead = true;
            s.guests.put(vmid, g);
            return "OK";
        }).upid;
    }

    static Guest newGuest(int vmid, String name, String t, String node, String origin) {
        Guest g = new Guest();
        g.vmid = vmid;
        g.name = name;
        g.type = t;
        g.role = name;
        g.node = node;
        g.maxmem = 2L << 30;
        g.maxdisk = 16L << 30;
        g.cpus = 2;
        g.origin = origin;
        return g;
    }

    static Object agentPing(Request q) {
        Site s = q.site();
        Guest g = guest(q, "qemu");
        if (!g.status.equals("running")) throw ApiException.fail("VM " + g.vmid + " is not running");
        Site origin = s.lab.site(g.origin);
        if (g.agentDead || (origin != null && origin.faults.noBoot.contains(g.vmid))) {
            throw ApiException.fail("QEMU guest agent is not running");
        }
        return map("result", map());
    }

    // ---------------------------------------------------------------- snapshots

    static Object listSnapshots(Request q, String t) {
        Guest g = guest(q, t);
        List<Object> l = new ArrayList<>();
        String parent = null;
        for (Map<String, Object> sn : g.snapshots) {
            Map<String, Object> c = new LinkedHashMap<>(sn);
            if (parent != null) c.put("parent", parent);
            parent = (String) sn.get("name");
            l.add(c);
        }
        l.add(map("name", "current", "description", "You are here!", "running", b(g.status.equals("running")), "parent", parent));
        return l;
    }

    static Map<String, Object> findSnapshot(Guest g, String name) {
        for (Map<String, Object> sn : g.snapshots) if (name.equals(sn.get("name"))) return sn;
        return null;
    }

    static Object createSnapshot(Request q, String t) {
        Site s = q.site();
        Guest g = guest(q, t);
        String name = q.p("snapname");
        if (name.length() > 40 || !SNAPNAME.matcher(name).matches()) {
            throw ApiException.param("snapname", "invalid format - invalid configuration ID '" + name + "'");
        }
        if (name.equals("current") || name.equals("pending")) {
            throw ApiException.param("snapname", "invalid format - invalid configuration ID '" + name + "'");
        }
        if (findSnapshot(g, name) != null) throw ApiException.fail("snapshot name '" + name + "' already used");
        boolean vmstate = t.equals("qemu") && q.bool("vmstate");
        String desc = q.p("description", "");
        String type = pfx(t) + "snapshot";
        return s.task(false, g.node, type, String.valueOf(g.vmid), q.authId(), duration(type), List.of(), tk -> {
            Map<String, Object> sn = map("name", name, "snaptime", s.nowEpoch(), "description", desc);
            if (t.equals("qemu")) sn.put("vmstate", b(vmstate));
            g.snapshots.add(sn);
            return "OK";
        }).upid;
    }

    static Object deleteSnapshot(Request q, String t) {
        Site s = q.site();
        Guest g = guest(q, t);
        String name = q.p("snapname");
        if (findSnapshot(g, name) == null) throw ApiException.fail("snapshot '" + name + "' does not exist");
        String type = pfx(t) + "delsnapshot";
        return s.task(false, g.node, type, String.valueOf(g.vmid), q.authId(), duration(type), List.of(), tk -> {
            g.snapshots.removeIf(x -> name.equals(x.get("name")));
            return "OK";
        }).upid;
    }

    static Object rollback(Request q, String t) {
        Site s = q.site();
        Guest g = guest(q, t);
        String name = q.p("snapname");
        if (findSnapshot(g, name) == null) throw ApiException.fail("snapshot '" + name + "' does not exist");
        boolean start = q.bool("start");
        String type = pfx(t) + "rollback";
        return s.task(false, g.node, type, String.valueOf(g.vmid), q.authId(), duration(type), List.of(), tk -> {
            int i = g.snapshots.indexOf(findSnapshot(g, name));
            while (g.snapshots.size() > i + 1) g.snapshots.remove(g.snapshots.size() - 1);
            g.status = start ? "running" : "stopped";
            return "OK";
        }).upid;
    }

    // ---------------------------------------------------------------- storage & backups

    static Object storageList(Request q) {
        List<Object> l = new ArrayList<>();
        for (Site.Storage st : q.site().storages.values()) {
            Map<String, Object> m = map("storage", st.id, "type", st.type, "content", st.content, "shared", b(st.shared), "digest", "0f3c");
            if (st.type.equals("pbs")) {
                m.put("server", "127.0.0.1");
                m.put("port", st.pbsSite.pbsServer.port);
                m.put("datastore", Site.DATASTORE);
                m.put("username", st.pbsSite.creds.pbsTokenId());
                m.put("fingerprint", st.pbsSite.pbsServer.cert.fingerprint());
            } else if (st.type.equals("rbd")) {
                m.put("pool", "ceph-vm");
                m.put("krbd", 0);
            } else {
                m.put("path", "/var/lib/vz");
            }
            m.putAll(st.config);
            l.add(m);
        }
        return l;
    }

    static Object storageCreate(Request q) {
        Site s = q.site();
        String id = q.p("storage");
        String type = q.p("type");
        if (!id.matches("[a-zA-Z][a-zA-Z0-9\\-_.]*[a-zA-Z0-9]")) throw ApiException.param("storage", "invalid format - storage ID '" + id + "' contains illegal characters");
        if (s.storages.containsKey(id)) throw ApiException.fail("create storage failed: storage ID '" + id + "' already defined");
        Site pbsSite = null;
        if (type.equals("pbs")) {
            for (String r : List.of("server", "datastore", "username")) if (q.p(r) == null) throw ApiException.param(r, "property is missing and it is not optional");
            int port = q.intP("port", 8007);
            pbsSite = s.lab.siteByPbsPort(port);
            if (pbsSite == null) throw ApiException.fail("create storage failed: pbs connection failed: error trying to connect: tcp connect error: Connection refused (os error 111)");
            if (!pbsSite.creds.pbsTokenId().equals(q.p("username")) || !pbsSite.creds.pbsSecret().equals(q.p("password"))) {
                throw ApiException.fail("create storage failed: pbs error: authentication error - invalid credentials");
            }
            String fp = q.p("fingerprint");
            if (fp != null && !fp.equalsIgnoreCase(pbsSite.pbsServer.cert.fingerprint())) {
                throw ApiException.fail("create storage failed: error fetching datastores - fingerprint '" + pbsSite.pbsServer.cert.fingerprint() + "' not verified, abort!");
            }
        }
        s.addStorage(id, type, q.p("content", type.equals("pbs") ? "backup" : "images"), !type.equals("dir"), pbsSite);
        return map("storage", id, "type", type);
    }

    static Object nodeStorage(Request q) {
        List<Object> l = new ArrayList<>();
        String content = q.p("content");
        for (Site.Storage st : q.site().storages.values()) {
            if (content != null && !st.content.contains(content)) continue;
            long total = st.type.equals("pbs") ? 4000L << 30 : 1800L << 30, used = total / 7;
            l.add(map("storage", st.id, "type", st.type, "content", st.content, "shared", b(st.shared), "active", 1, "enabled", 1,
                    "total", total, "used", used, "avail", total - used, "used_fraction", (double) used / total));
        }
        return l;
    }

    static Object storageContent(Request q) {
        Site s = q.site();
        Site.Storage st = s.storages.get(q.p("storage"));
        if (st == null) throw ApiException.fail("storage '" + q.p("storage") + "' does not exist");
        String content = q.p("content");
        String vmidS = q.p("vmid");
        Integer vmid = vmidS == null ? null : q.intP("vmid", 0);
        List<Object> l = new ArrayList<>();
        if (st.pbsSite == null || (content != null && !content.equals("backup"))) return l;
        Site src = st.pbsSite;
        List<Snap> snaps;
        synchronized (src) {
            if (src != s) src.settle();
            snaps = new ArrayList<>(src.snaps);
        }
        for (Snap sn : snaps) {
            if (vmid != null && sn.vmid != vmid) continue;
            Guest g = src.guests.get(sn.vmid);
            Map<String, Object> m = map("volid", st.id + ":" + volPath(sn), "format", sn.type.equals("vm") ? "pbs-vm" : "pbs-ct",
                    "subtype", sn.type.equals("vm") ? "qemu" : "lxc", "content", "backup", "vmid", sn.vmid, "ctime", sn.time, "size", sn.size,
                    "notes", g == null ? null : g.name);
            if (sn.state != null) m.put("verification", map("state", sn.state, "upid", sn.upid));
            l.add(m);
        }
        return l;
    }

    static String volPath(Snap sn) {
        return "backup/" + sn.type + "/" + sn.vmid + "/" + VOLID_TIME.format(Instant.ofEpochSecond(sn.time));
    }

    static Object vzdump(Request q) {
        Site s = q.site();
        String node = q.servingNode();
        if (q.pathParams().get("node") != null) node = q.pathParams().get("node");
        List<Guest> targets = new ArrayList<>();
        if (q.bool("all")) {
            for (Guest g : s.guests.values()) if (g.node.equals(node)) targets.add(g);
        } else {
            String v = q.p("vmid");
            if (v == null) throw ApiException.param("vmid", "property is missing and it is not optional");
            for (String id : v.split("[,;\\s]+")) {
                Guest g = s.guests.get(Integer.parseInt(id.trim()));
                if (g == null) throw ApiException.fail("unable to find VM '" + id.trim() + "'");
                targets.add(g);
            }
        }
        String storage = q.p("storage", Site.PVE_STORAGE);
        Site.Storage st = s.storages.get(storage);
        if (st == null) throw ApiException.fail("storage '" + storage + "' does not exist");
        long start = s.nowEpoch();
        List<String> log = new ArrayList<>();
        log.add("INFO: starting new backup job: vzdump " + q.p("vmid", "--all 1") + " --storage " + storage + " --mode " + q.p("mode", "snapshot"));
        for (Guest g : targets) {
            log.add("INFO: Starting Backup of VM " + g.vmid + " (" + g.type + ")");
            log.add("INFO: Backup started at " + VOLID_TIME.format(Instant.ofEpochSecond(start)));
            log.add("INFO: creating Proxmox Backup Server archive '" + (g.type.equals("qemu") ? "vm" : "ct") + "/" + g.vmid + "/"
                    + VOLID_TIME.format(Instant.ofEpochSecond(start)) + "'");
            log.add("INFO: Finished Backup of VM " + g.vmid + " (00:02:" + String.format("%02d", g.vmid % 60) + ")");
        }
        log.add("INFO: Backup job finished successfully");
        String id = targets.size() == 1 ? String.valueOf(targets.get(0).vmid) : "";
        Site dst = st.pbsSite;
        return s.task(false, node, "vzdump", id, q.authId(), duration("vzdump"), log, tk -> {
            if (dst == null) return "OK";
            synchronized (dst) {
                for (Guest g : targets) {
                    Snap sn = new Snap();
                    sn.type = g.type.equals("qemu") ? "vm" : "ct";
                    sn.vmid = g.vmid;
                    sn.time = start;
                    sn.size = Site.guestBackupSize(g.vmid);
                    if (dst.findSnap(sn.type, sn.vmid, sn.time) == null) dst.snaps.add(sn);
                }
            }
            return "OK";
        }).upid;
    }

    // ---------------------------------------------------------------- ceph

    static Object cephStatus(Request q) {
        Site s = q.site();
        Map<String, Object> checks = new LinkedHashMap<>();
        int down = 0;
        for (String n : s.nodes) if (!s.nodeOnline(n)) down += 2;
        if (!s.cephFlags.isEmpty()) {
            checks.put("OSDMAP_FLAGS", map("severity", "HEALTH_WARN", "summary", map("message", String.join(",", s.cephFlags) + " flag(s) set", "count", s.cephFlags.size()), "muted", false));
        }
        if (down > 0) {
            checks.put("OSD_DOWN", map("severity", "HEALTH_WARN", "summary", map("message", down + " osds down", "count", down), "muted", false));
            checks.put("PG_DEGRADED", map("severity", "HEALTH_WARN", "summary", map("message", "Degraded data redundancy: 1234/3702 objects degraded (33.333%), 43 pgs degraded", "count", 43), "muted", false));
        }
        List<String> quorum = new ArrayList<>();
        for (String n : s.nodes) if (s.nodeOnline(n)) quorum.add(n);
        int osds = s.nodes.size() * 2;
        return map("fsid", Certs.uuid("fsid" + s.id).toString(),
                "health", map("status", checks.isEmpty() ? "HEALTH_OK" : "HEALTH_WARN", "checks", checks, "mutes", List.of()),
                "election_epoch", 42, "quorum", List.of(0, 1, 2).subList(0, quorum.size()), "quorum_names", quorum,
                "osdmap", map("epoch", 311, "num_osds", osds, "num_up_osds", osds - down, "num_in_osds", osds, "num_remapped_pgs", 0),
                "pgmap", map("pgs_by_state", List.of(down > 0 ? map("state_name", "active+undersized+degraded", "count", 129) : map("state_name", "active+clean", "count", 129)),
                        "num_pgs", 129, "num_pools", 3, "num_objects", 1234, "data_bytes", 98L << 30, "bytes_used", 296L << 30,
                        "bytes_avail", 5400L << 30, "bytes_total", 5696L << 30),
                "monmap", map("epoch", 3, "num_mons", 3), "mgrmap", map("available", true, "num_standbys", 2));
    }

    static Object cephFlags(Request q) {
        List<Object> l = new ArrayList<>();
        for (String f : CEPH_FLAGS) l.add(map("name", f, "description", describe(f), "value", b(q.site().cephFlags.contains(f))));
        return l;
    }

    static String describe(String f) {
        return switch (f) {
            case "noout" -> "OSDs will not automatically be marked out after being down for a while.";
            case "pause" -> "Pauses read and writes.";
            default -> "Sets the " + f + " flag.";
        };
    }

    static Object setCephFlags(Request q) {
        Site s = q.site();
        Map<String, Boolean> changes = new LinkedHashMap<>();
        for (String f : CEPH_FLAGS) if (q.p(f) != null) changes.put(f, q.bool(f));
        if (changes.isEmpty()) throw ApiException.fail("no flags given to change");
        List<String> log = new ArrayList<>();
        changes.forEach((f, v) -> log.add((v ? "set " : "unset ") + f));
        return s.task(false, q.servingNode(), "cephsetflags", "", q.authId(), duration("cephsetflags"), log, tk -> {
            changes.forEach((f, v) -> {
                if (v) s.cephFlags.add(f);
                else s.cephFlags.remove(f);
            });
            return "OK";
        }).upid;
    }

    static Object setCephFlag(Request q) {
        String f = q.p("flag");
        if (!List.of(CEPH_FLAGS).contains(f)) {
            throw ApiException.param("flag", "value '" + f + "' does not have a value in the enumeration '" + String.join(", ", CEPH_FLAGS) + "'");
        }
        if (q.bool("value")) q.site().cephFlags.add(f);
        else q.site().cephFlags.remove(f);
        return null;
    }

    static Object osdTree(Request q) {
        Site s = q.site();
        List<Object> hosts = new ArrayList<>();
        int id = 0;
        for (int i = 0; i < s.nodes.size(); i++) {
            String n = s.nodes.get(i);
            List<Object> osds = new ArrayList<>();
            for (int k = 0; k < 2; k++, id++) {
                osds.add(map("id", id, "name", "osd." + id, "type", "osd", "status", s.nodeOnline(n) ? "up" : "down", "in", 1, "host", n,
                        "crush_weight", 1.74660, "reweight", 1, "device_class", "nvme", "osdtype", "bluestore", "percent_used", 5.2 + id,
                        "leaf", 1, "blfsdev", "/dev/nvme" + k + "n1", "version", "19.2.3"));
            }
            hosts.add(map("id", -2 - i, "name", n, "type", "host", "leaf", 0, "version", "19.2.3", "children", osds));
        }
        Map<String, Object> out = map("root", map("leaf", 0, "children", List.of(map("id", -1, "name", "default", "type", "root", "leaf", 0, "children", hosts))));
        if (!s.cephFlags.isEmpty()) out.put("flags", String.join(",", s.cephFlags));
        return out;
    }

    // ---------------------------------------------------------------- certificates

    static Object certInfo(Request q) {
        Site s = q.site();
        NodeServer ns = s.servers.get(q.p("node"));
        Certs.NodeCert c = ns.cert;
        List<String> san = List.of("127.0.0.1", "localhost", ns.node + "." + s.id + ".lab");
        return List.of(map("filename", "pve-ssl.pem", "fingerprint", c.fingerprint(), "subject", c.cert().getSubjectX500Principal().getName(),
                "issuer", c.cert().getIssuerX500Principal().getName(), "notbefore", c.cert().getNotBefore().getTime() / 1000,
                "notafter", c.cert().getNotAfter().getTime() / 1000, "san", san, "pem", c.pem(), "public-key-type", "id-ecPublicKey",
                "public-key-bits", 256));
    }

    // ---------------------------------------------------------------- tasks

    static Task task(Request q) {
        String upid = q.p("upid");
        Task t = q.site().tasks.get(upid);
        if (t == null || t.pbs) {
            if (!upid.startsWith("UPID:")) throw ApiException.param("upid", "unable to parse worker upid '" + upid + "'");
            throw ApiException.fail("no such task");
        }
        return t;
    }

    static Map<String, Object> taskStatus(Task t) {
        String user = t.user, token = null;
        int bang = user.indexOf('!');
        if (bang > 0) {
            token = user.substring(bang + 1);
            user = user.substring(0, bang);
        }
        return map("upid", t.upid, "node", t.node, "pid", t.pid, "pstart", t.pstart, "starttime", t.startEpoch, "type", t.type, "id", t.id,
                "user", user, "tokenid", token, "status", t.done ? "stopped" : "running", "exitstatus", t.done ? t.exitstatus : null,
                "endtime", t.done ? t.endEpoch : null);
    }

    static Object taskLog(Request q, Task t) {
        int start = q.intP("start", 0), limit = q.intP("limit", 50);
        List<Object> l = new ArrayList<>();
        for (int i = start; i < t.log.size() && i < start + limit; i++) l.add(map("n", i + 1, "t", t.log.get(i)));
        if (l.isEmpty() && !t.done && start == 0) l.add(map("n", 1, "t", "no content"));
        return new Router.Paged(l, t.log.size());
    }

    static Object taskList(Request q) {
        Site s = q.site();
        String source = q.p("source", "archive");
        Integer vmid = q.p("vmid") == null ? null : q.intP("vmid", 0);
        String typefilter = q.p("typefilter");
        boolean errors = q.bool("errors");
        int start = q.intP("start", 0), limit = q.intP("limit", 50);
        List<Map<String, Object>> all = new ArrayList<>();
        List<Task> tasks = new ArrayList<>(s.tasks.values());
        java.util.Collections.reverse(tasks);
        for (Task t : tasks) {
            if (t.pbs || !t.node.equals(q.p("node"))) continue;
            if (source.equals("active") && t.done) continue;
            if (source.equals("archive") && !t.done) continue;
            if (vmid != null && !t.id.equals(String.valueOf(vmid))) continue;
            if (typefilter != null && !t.type.equals(typefilter)) continue;
            if (errors && t.done && t.exitstatus.equals("OK")) continue;
            Map<String, Object> m = map("upid", t.upid, "node", t.node, "pid", t.pid, "pstart", t.pstart, "type", t.type, "id", t.id,
                    "user", t.user, "starttime", t.startEpoch, "endtime", t.done ? t.endEpoch : null, "status", t.done ? t.exitstatus : null);
            all.add(m);
        }
        List<Object> page = new ArrayList<>();
        for (int i = start; i < all.size() && i < start + limit; i++) page.add(all.get(i));
        return new Router.Paged(page, all.size());
    }
}
