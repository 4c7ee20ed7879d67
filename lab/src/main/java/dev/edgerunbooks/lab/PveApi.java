package dev.edgerunbooks.lab;

import dev.edgerunbooks.lab.Router.Request;
import dev.edgerunbooks.lab.Site.Cluster;
import dev.edgerunbooks.lab.Site.Guest;
import dev.edgerunbooks.lab.Site.Snap;
import dev.edgerunbooks.lab.Site.Task;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Proxmox VE routes the lab serves (cluster, Ceph, network and firewall routes are registered by {@link ClusterApi}, {@link CephApi},
 * {@link NetworkApi}, {@link FirewallApi}).
 */
final class PveApi {
    static final Router ROUTER = new Router();
    static final DateTimeFormatter VOLID_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    static final Pattern VOLID = Pattern.compile("^([^:\\s]+):backup/(vm|ct)/(\\d+)/(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ)$");
    static final Pattern SNAPNAME = Pattern.compile("^[a-z][a-z0-9_-]+$", Pattern.CASE_INSENSITIVE);
    static final Pattern DISK_KEY = Pattern.compile("^(scsi|virtio|sata|ide|mp)\\d+$|^rootfs$|^efidisk0$|^tpmstate0$");
    static final Map<String, Double> DURATIONS = Map.ofEntries(
            Map.entry("qmstart", 20.0), Map.entry("vzstart", 10.0), Map.entry("qmshutdown", 30.0), Map.entry("vzshutdown", 15.0),
            Map.entry("qmstop", 5.0), Map.entry("vzstop", 5.0), Map.entry("qmsnapshot", 10.0), Map.entry("vzsnapshot", 10.0),
            Map.entry("qmrollback", 20.0), Map.entry("vzrollback", 15.0), Map.entry("qmdelsnapshot", 10.0), Map.entry("vzdelsnapshot", 10.0),
            Map.entry("qmrestore", 300.0), Map.entry("vzrestore", 120.0), Map.entry("qmcreate", 10.0), Map.entry("vzcreate", 10.0),
            Map.entry("qmdestroy", 10.0), Map.entry("vzdestroy", 5.0), Map.entry("qmconfig", 1.0), Map.entry("vzdump", 180.0),
            Map.entry("cephsetflags", 2.0), Map.entry("clustercreate", 5.0), Map.entry("clusterjoin", 20.0),
            Map.entry("cephcreatemon", 10.0), Map.entry("cephcreatemgr", 5.0), Map.entry("cephcreateosd", 30.0),
            Map.entry("cephcreatepool", 5.0), Map.entry("srvreload", 3.0),
            Map.entry("qmigrate", 30.0), Map.entry("vzmigrate", 20.0), Map.entry("qmreboot", 40.0), Map.entry("vzreboot", 20.0),
            Map.entry("verify", 60.0), Map.entry("verify_snapshot", 60.0), Map.entry("verify_group", 60.0), Map.entry("syncjob", 120.0));

    /** Config keys PUT/POST accept (from the schema; {@code [n]} = any index). */
    static final List<String> QEMU_KEYS = List.of(("acpi affinity agent allow-ksm amd-sev arch args audio0 autostart balloon bios boot bootdisk "
            + "cdrom cicustom cipassword citype ciupgrade ciuser cores cpu cpulimit cpuunits description efidisk0 freeze hookscript "
            + "hostpci[n] hotplug hugepages ide[n] intel-tdx ipconfig[n] ivshmem keephugepages keyboard kvm localtime lock machine memory "
            + "migrate_downtime migrate_speed name nameserver net[n] numa numa[n] onboot ostype parallel[n] protection reboot rng0 sata[n] "
            + "scsi[n] scsihw searchdomain serial[n] shares smbios1 smp sockets spice_enhancements sshkeys startdate startup tablet tags tdf "
            + "template tpmstate0 unused[n] usb[n] vcpus vga virtio[n] virtiofs[n] vmgenid vmstatestorage watchdog").split(" "));
    static final List<String> LXC_KEYS = List.of(("arch cmode console cores cpulimit cpuunits debug description dev[n] entrypoint env features "
            + "hookscript hostname lock memory mp[n] nameserver net[n] onboot ostype protection rootfs searchdomain startup swap tags "
            + "template timezone tty unprivileged unused[n]").split(" "));
    /** Parameters of the config calls that are not config keys. */
    static final Set<String> CONFIG_CONTROL = Set.of("node", "vmid", "delete", "digest", "skiplock", "force", "revert", "background_delay");
    static final Set<String> INT_KEYS = Set.of("cores", "sockets", "numa", "onboot", "protection", "template", "balloon", "cpuunits",
            "vcpus", "shares", "tty", "console", "acpi", "kvm", "tablet", "swap", "unprivileged", "debug", "migrate_speed", "reboot");

    static double duration(String type) { return DURATIONS.getOrDefault(type, 10.0); }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) if (kv[i + 1] != null) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static int b(boolean v) { return v ? 1 : 0; }

    static {
        Router r = ROUTER;
        r.add("GET", "/version", PveApi::version);
        r.add("GET", "/cluster/resources", PveApi::clusterResources);
        r.add("GET", "/nodes", PveApi::nodes);
        r.add("GET", "/nodes/{node}/status", PveApi::nodeStatus, "node");
        r.add("POST", "/nodes/{node}/status", PveApi::nodeCommand, "command", "node");
        for (String t : new String[]{"qemu", "lxc"}) {
            String base = "/nodes/{node}/" + t;
            r.add("GET", base, q -> listGuests(q, t), "node");
            if (t.equals("qemu")) r.add("POST", base, q -> createOrRestore(q, t), "node", "vmid");
            else r.add("POST", base, q -> createOrRestore(q, t), "node", "ostemplate", "vmid");
            r.add("DELETE", base + "/{vmid}", q -> destroy(q, t), "node", "vmid");
            r.add("GET", base + "/{vmid}/config", q -> config(guest(q, t)), "node", "vmid");
            r.add("PUT", base + "/{vmid}/config", q -> updateConfig(q, t, false), "node", "vmid");
            if (t.equals("qemu")) r.add("POST", base + "/{vmid}/config", q -> updateConfig(q, t, true), "node", "vmid");
            r.add("GET", base + "/{vmid}/status/current", q -> guestStatus(q.site(), guest(q, t)), "node", "vmid");
            r.add("POST", base + "/{vmid}/status/start", q -> power(q, t, "start"), "node", "vmid");
            r.add("POST", base + "/{vmid}/status/stop", q -> power(q, t, "stop"), "node", "vmid");
            r.add("POST", base + "/{vmid}/status/shutdown", q -> power(q, t, "shutdown"), "node", "vmid");
            r.add("POST", base + "/{vmid}/status/reboot", q -> power(q, t, "reboot"), "node", "vmid");
            r.add("GET", base + "/{vmid}/snapshot", q -> listSnapshots(q, t), "node", "vmid");
            r.add("POST", base + "/{vmid}/snapshot", q -> createSnapshot(q, t), "node", "snapname", "vmid");
            r.add("DELETE", base + "/{vmid}/snapshot/{snapname}", q -> deleteSnapshot(q, t), "node", "snapname", "vmid");
            r.add("POST", base + "/{vmid}/snapshot/{snapname}/rollback", q -> rollback(q, t), "node", "snapname", "vmid");
        }
        r.add("GET", "/nodes/{node}/lxc/{vmid}/interfaces", PveApi::lxcInterfaces, "node", "vmid");
        r.add("POST", "/nodes/{node}/qemu/{vmid}/agent/ping", PveApi::agentPing, "node", "vmid");
        r.add("POST", "/nodes/{node}/qemu/{vmid}/agent/exec", PveApi::agentExec, "node", "vmid", "command");
        r.add("GET", "/nodes/{node}/qemu/{vmid}/agent/exec-status", PveApi::agentExecStatus, "node", "vmid", "pid");
        r.add("GET", "/nodes/{node}/storage", PveApi::nodeStorage, "node");
        r.add("GET", "/nodes/{node}/storage/{storage}/content", PveApi::storageContent, "node", "storage");
        r.add("GET", "/storage", PveApi::storageList);
        r.add("POST", "/storage", PveApi::storageCreate, "storage", "type");
        r.add("GET", "/storage/{storage}", q -> storageConfig(q.cluster(), storage(q)), "storage");
        r.add("DELETE", "/storage/{storage}", PveApi::storageDelete, "storage");
        StorageApi.register(r);
        r.add("POST", "/nodes/{node}/vzdump", PveApi::vzdump);
        r.add("GET", "/nodes/{node}/tasks", PveApi::taskList, "node");
        r.add("GET", "/nodes/{node}/tasks/{upid}", q -> {
            task(q);
            return List.of(map("name", "log"), map("name", "status"));
        }, "node", "upid");
        r.add("DELETE", "/nodes/{node}/tasks/{upid}", PveApi::stopTask, "node", "upid");
        r.add("GET", "/nodes/{node}/tasks/{upid}/status", q -> taskStatus(task(q)), "node", "upid");
        r.add("GET", "/nodes/{node}/tasks/{upid}/log", q -> taskLog(q, task(q)), "node", "upid");
        ClusterApi.register(r);
        CephApi.register(r);
        NetworkApi.register(r);
        FirewallApi.register(r);
        AptApi.register(r);
        MigrateApi.register(r);
        CertificatesApi.register(r);
        AccessApi.registerPve(r);
    }

    // ---------------------------------------------------------------- cluster / nodes

    static long uptime(Site s, String node) {
        Site.NodeState ns = s.nodeStates.get(node);
        return Math.max(0, s.nowEpoch() - (ns == null ? s.bootEpoch : ns.bootEpoch));
    }

    static Object clusterResources(Request q) {
        Site s = q.site();
        Cluster c = q.cluster();
        String type = q.p("type");
        if (type != null && !List.of("vm", "storage", "node", "sdn").contains(type)) {
            throw ApiException.param("type", "value '" + type + "' does not have a value in the enumeration 'vm, storage, node, sdn'");
        }
        List<Object> l = new ArrayList<>();
        if (type == null || type.equals("node")) {
            for (String n : c.members) {
                boolean on = s.nodeOnline(n);
                l.add(map("id", "node/" + n, "type", "node", "node", n, "status", on ? "online" : "offline", "cpu", on ? 0.07 : 0,
                        "maxcpu", 16, "mem", on ? 21L << 30 : 0, "maxmem", 64L << 30, "disk", 9L << 30, "maxdisk", 94L << 30,
                        "uptime", on ? uptime(s, n) : 0, "level", "", "cgroup-mode", 2));
            }
        }
        if (type == null || type.equals("vm")) {
            for (Guest g : c.guests.values()) {
                Map<String, Object> m = guestStatus(s, g);
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
            for (String n : c.members) {
                for (Site.Storage st : c.storages.values()) {
                    l.add(map("id", "storage/" + n + "/" + st.id, "type", "storage", "node", n, "storage", st.id, "plugintype", st.type,
                            "shared", b(st.shared), "content", st.content, "status", s.nodeOnline(n) && storageActive(c, st) ? "available" : "unknown",
                            "disk", 120L << 30, "maxdisk", 1800L << 30));
                }
            }
        }
        return l;
    }

    static Object nodes(Request q) {
        Site s = q.site();
        List<Object> l = new ArrayList<>();
        for (String n : q.cluster().members) {
            boolean on = s.nodeOnline(n);
            l.add(map("node", n, "status", on ? "online" : "offline", "cpu", on ? 0.07 : null, "maxcpu", 16, "mem", on ? 21L << 30 : null,
                    "maxmem", 64L << 30, "uptime", on ? uptime(s, n) : null, "level", "", "id", "node/" + n,
                    "ssl_fingerprint", s.fileFingerprint(n), "type", "node"));
        }
        return l;
    }

    /** The serving node's pve-manager (what answers the API). */
    static Object version(Request q) {
        String v = AptApi.pveManager(q.site(), q.servingNode());
        String[] parts = v.split("[.-]");
        return map("version", v, "release", parts.length > 1 ? parts[0] + "." + parts[1] : v, "repoid", AptApi.repoid(v).substring(0, 8),
                "console", "html5");
    }

    static Object nodeStatus(Request q) {
        Site s = q.site();
        Site.NodeState ns = s.nodeStates.get(q.p("node"));
        String kernel = ns.runningKernel;
        String build = kernel.replaceAll("-pve$", "");
        String kv = "#1 SMP PREEMPT_DYNAMIC PMX " + build;
        long total = 64L << 30, used = 21L << 30;
        return map("cpu", 0.07, "wait", 0.001, "uptime", uptime(s, q.p("node")), "idle", 0, "loadavg", List.of("0.42", "0.51", "0.48"),
                "memory", map("total", total, "used", used, "free", total - used, "available", total - used),
                "swap", map("total", 0, "used", 0, "free", 0),
                "rootfs", map("total", 94L << 30, "used", 9L << 30, "free", 85L << 30, "avail", 80L << 30),
                "ksm", map("shared", 0),
                "pveversion", "pve-manager/" + AptApi.managerVersion(AptApi.pveManager(s, ns.name)),
                "kversion", "Linux " + kernel + " " + kv + " (2025-11-05T09:11Z) x86_64",
                "current-kernel", map("sysname", "Linux", "release", kernel, "version", kv, "machine", "x86_64"),
                "boot-info", map("mode", "efi", "secureboot", 0),
                "cpuinfo", map("model", "Intel(R) Xeon(R) E-2388G CPU @ 3.20GHz", "cpus", 16, "cores", 8, "sockets", 1, "mhz", "3200.000",
                        "hvm", "1", "flags", "fpu vme de pse tsc msr pae mce"));
    }

    /**
     * {@code POST /nodes/{node}/status}: like pve-manager, answers null at once ({@code sleep 2; reboot} runs in the background);
     * the node then goes down ({@link Site#powerOff}).
     */
    static Object nodeCommand(Request q) {
        Site s = q.site();
        String cmd = q.p("command");
        if (!cmd.equals("reboot") && !cmd.equals("shutdown")) {
            throw ApiException.param("command", "value '" + cmd + "' does not have a value in the enumeration 'reboot, shutdown'");
        }
        String node = q.p("node");
        s.powerOff(node, cmd.equals("reboot"));
        s.countOperation(cmd.equals("reboot") ? "reboot-node" : "shutdown-node", node);
        s.lab.watchPower(s);
        return null;
    }

    // ---------------------------------------------------------------- guests

    static String confPath(String node, String t, int vmid) {
        return "Configuration file 'nodes/" + node + "/" + (t.equals("qemu") ? "qemu-server" : "lxc") + "/" + vmid + ".conf' does not exist";
    }

    static Guest guest(Request q, String t) {
        int vmid = vmid(q);
        Guest g = q.cluster().guests.get(vmid);
        if (g == null || !g.type.equals(t) || !g.node.equals(q.p("node"))) throw ApiException.fail(confPath(q.p("node"), t, vmid));
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

    static Map<String, Object> guestStatus(Site s, Guest g) {
        boolean run = g.status.equals("running");
        long now = s.nowEpoch();
        Map<String, Object> m = map("vmid", g.vmid, "name", g.name(), "status", g.status, "uptime", run ? Math.max(0, now - g.startedAt) : 0,
                "cpus", g.cpus(), "cpu", run ? 0.03 + (g.vmid % 5) / 100.0 : 0, "maxmem", g.maxmem(), "mem", run ? g.maxmem() / 3 : 0,
                "maxdisk", g.maxdisk(), "disk", g.qemu() ? 0 : g.maxdisk() / 4, "netin", run ? 123456789L : 0, "netout", run ? 98765432L : 0,
                "diskread", 0, "diskwrite", 0, "tags", g.config.get("tags"), "lock", g.lock, "ha", map("managed", 0));
        if (g.qemu()) {
            m.put("qmpstatus", g.status);
            if (agentConfigured(g)) m.put("agent", 1);
            if (run) m.put("pid", 10000 + g.vmid);
            m.put("running-machine", run ? "pc-q35-10.1+pve0" : null);
        } else {
            m.put("type", "lxc");
            m.put("swap", 0);
            m.put("maxswap", (long) Site.intOf(g.config.get("swap"), 512) << 20);
        }
        return m;
    }

    static Object listGuests(Request q, String t) {
        List<Object> l = new ArrayList<>();
        for (Guest g : q.cluster().guests.values()) {
            if (!g.type.equals(t) || !g.node.equals(q.p("node"))) continue;
            Map<String, Object> m = guestStatus(q.site(), g);
            m.remove("ha");
            l.add(m);
        }
        return l;
    }

    static String kind(String t) { return t.equals("qemu") ? "VM" : "CT"; }

    static String pfx(String t) { return t.equals("qemu") ? "qm" : "vz"; }

    static void checkLock(Guest g) {
        if (g.lock != null) throw ApiException.fail(kind(g.type) + " is locked (" + g.lock + ")");
    }

    static Object power(Request q, String t, String action) {
        Site s = q.site();
        Guest g = guest(q, t);
        boolean run = g.status.equals("running");
        String k = kind(t);
        checkLock(g);
        if (action.equals("start") && run) throw ApiException.fail(k + " " + g.vmid + " already running");
        if (action.equals("shutdown") && !run) throw ApiException.fail(k + " " + g.vmid + " not running");
        if (action.equals("reboot") && !run) throw ApiException.fail("VM " + g.vmid + " not running"); // "VM" for containers too, as LXC.pm says
        String type = pfx(t) + action;
        if (action.equals("reboot")) s.countOperation("reboot-guest", String.valueOf(g.vmid));
        Task task = s.task(false, g.node, type, String.valueOf(g.vmid), q.authId(), duration(type), List.of(), tk -> {
            if (action.equals("start") || action.equals("reboot")) return start(s, g); // a reboot is a fresh start: the pull agent runs
            g.status = "stopped";
            return "OK";
        });
        return task.upid;
    }

    /** Starts a guest (from a start or restore task): bridges must exist; a container whose origin has noBoot fails to start. */
    static String start(Site s, Guest g) {
        String problem = s.bridgeProblem(g);
        if (problem != null) return problem;
        if (!g.qemu() && s.originFault(g, f -> f.noBoot)) {
            return "startup for container '" + g.vmid + "' failed";
        }
        s.started(g);
        return "OK";
    }

    static Object destroy(Request q, String t) {
        Site s = q.site();
        Cluster c = q.cluster();
        Guest g = guest(q, t);
        checkLock(g);
        if (g.status.equals("running") && !(t.equals("lxc") && q.bool("force"))) {
            throw ApiException.fail(kind(t) + " " + g.vmid + " is running - destroy failed");
        }
        String type = pfx(t) + "destroy";
        g.lock = "destroyed";
        return s.task(false, g.node, type, String.valueOf(g.vmid), q.authId(), duration(type), List.of(), tk -> {
            c.guests.remove(g.vmid, g);
            return "OK";
        }).upid;
    }

    static Object createOrRestore(Request q, String t) {
        Site s = q.site();
        Cluster c = q.cluster();
        int vmid = vmid(q);
        String node = q.p("node");
        String archive = t.equals("qemu") ? q.p("archive") : q.p("ostemplate");
        String k = kind(t);
        Guest existing = c.guests.get(vmid);
        boolean force = q.bool("force");
        if (archive == null || archive.isEmpty() || (t.equals("lxc") && !q.bool("restore"))) {
            String errPfx = "unable to create " + k + " " + vmid + " - ";
            if (existing != null) throw ApiException.fail(errPfx + k + " " + vmid + " already exists on node '" + existing.node + "'");
            Map<String, String> set = new LinkedHashMap<>();
            configParams(q, t, set, new ArrayList<>(), Set.of("archive", "ostemplate", "storage", "start", "unique", "restore", "pool",
                    "password", "ssh-public-keys", "ignore-unpack-errors", "live-restore", "bwlimit", "ha-managed"));
            Guest g = newGuest(vmid, t, node, s.id, vmid);
            for (Map.Entry<String, String> e : set.entrySet()) {
                if (e.getKey().matches("net\\d+")) e.setValue(networkDevice(s, g, e.getKey(), e.getValue()));
            }
            g.config.putAll(set);
            g.role = g.name();
            g.status = "stopped";
            g.lock = "create";
            c.guests.put(vmid, g);
            String type = pfx(t) + "create";
            Task task = s.task(false, node, type, String.valueOf(vmid), q.authId(), duration(type), List.of(), tk -> {
                g.lock = null;
                return "OK";
            });
            task.onAbort = tk -> c.guests.remove(vmid, g);
            return task.upid;
        }
        String errPfx = "unable to restore " + k + " " + vmid + " - ";
        if (existing != null && !force) {
            throw ApiException.fail(errPfx + k + " " + vmid + " already exists on node '" + existing.node + "'");
        }
        if (existing != null && existing.lock != null) throw ApiException.fail(errPfx + k + " is locked (" + existing.lock + ")");
        if (existing != null && existing.status.equals("running")) {
            throw ApiException.fail(errPfx + k + " " + vmid + " is running");
        }
        Matcher m = VOLID.matcher(archive);
        if (!m.matches()) throw ApiException.param(t.equals("qemu") ? "archive" : "ostemplate", "unable to parse volume ID '" + archive + "'");
        Site.Storage st = c.storages.get(m.group(1));
        if (st == null) throw ApiException.fail(errPfx + "storage '" + m.group(1) + "' does not exist");
        if (!st.type.equals("pbs")) throw ApiException.fail(errPfx + "no such volume '" + archive + "'");
        String storage = q.p("storage", "local");
        Site.Storage target = c.storages.get(storage);
        StorageApi.PbsFailure unusable = StorageApi.pbsFailure(st); // the backup client logs in to the storage's PBS
        if (unusable != null) {
            if (target == null) throw ApiException.fail(errPfx + "storage '" + storage + "' does not exist");
            return failedRestore(q, t, archive, m.group(2) + "/" + m.group(3) + "/" + m.group(4), st, unusable, errPfx);
        }
        Site src = st.pbsSite;
        int srcId = Integer.parseInt(m.group(3));
        long time = Instant.from(VOLID_TIME.parse(m.group(4))).getEpochSecond();
        Snap snap;
        Guest srcGuest;
        Map<String, String> srcConfig;
        Site.Firewall srcFirewall;
        boolean fail;
        synchronized (src) {
            snap = src.findSnap(m.group(2), srcId, time);
            srcGuest = src.home.guests.get(srcId);
            srcConfig = srcGuest == null ? null : new LinkedHashMap<>(srcGuest.config);
            srcFirewall = srcGuest == null || srcGuest.firewall == null ? null : srcGuest.firewall.copy(); // vzdump backs up <vmid>.fw too
            fail = snap != null && src.faults.failRestore.remove(srcId);
        }
        if (snap == null) throw ApiException.fail(errPfx + "volume '" + archive + "' does not exist");
        if ((snap.type.equals("vm")) != t.equals("qemu")) {
            throw ApiException.fail(errPfx + "archive '" + archive + "' is a " + (snap.type.equals("vm") ? "VM" : "container") + " backup");
        }
        if (target == null) throw ApiException.fail(errPfx + "storage '" + storage + "' does not exist");
        boolean start = q.bool("start");
        boolean unique = q.bool("unique");
        String type = pfx(t) + "restore";
        List<String> log = new ArrayList<>();
        log.add("new volume ID is '" + volume(target, vmid, 0) + "'");
        log.add("restore proxmox backup image: /usr/bin/pbs-restore --repository " + StorageApi.repository(st) + " "
                + snap.type + "/" + srcId + "/" + m.group(4) + (t.equals("qemu") ? " drive-scsi0.img.fidx" : " root.pxar.didx"));
        Guest g = restoring(c, vmid, t, node, src.id, srcId);
        g.role = srcGuest != null ? srcGuest.role : null;
        Task task = s.task(false, node, type, String.valueOf(vmid), q.authId(), duration(type), log, tk -> {
            if (fail) {
                c.guests.remove(vmid, g);
                return errPfx + "command '/usr/bin/pbs-restore --repository " + Site.DATASTORE + " " + snap.type + "/" + srcId
                        + "' failed: exit code 255";
            }
            g.config = restoredConfig(s, srcConfig, g, target, unique);
            g.firewall = srcFirewall;
            if (g.role == null) g.role = g.name();
            g.lock = null;
            tk.log.add("restore of " + snap.type + "/" + srcId + " done");
            return start ? start(s, g) : "OK";
        });
        task.onAbort = tk -> c.guests.remove(vmid, g);
        return task.upid;
    }

    /** Like PVE, a guest being restored exists at once, stopped and locked, with only the lock in its config. */
    static Guest restoring(Cluster c, int vmid, String t, String node, String origin, int originVmid) {
        Guest g = newGuest(vmid, t, node, origin, originVmid);
        g.status = "stopped";
        g.lock = "create";
        c.guests.put(vmid, g);
        return g;
    }

    /**
     * A restore from a pbs storage whose PBS does not let PVE in ({@link StorageApi#pbsFailure}): the guest exists, locked, until
     * the task fails as the backup client's first request does (qemu-server's download of the backup's {@code index.json}, pct's
     * reading of the backed-up configuration); then it is gone.
     */
    static String failedRestore(Request q, String t, String archive, String backup, Site.Storage st, StorageApi.PbsFailure f, String errPfx) {
        Site s = q.site();
        Cluster c = q.cluster();
        int vmid = vmid(q);
        Guest g = restoring(c, vmid, t, q.p("node"), s.id, vmid);
        List<String> log = new ArrayList<>();
        if (!t.equals("qemu")) log.add("recovering backed-up configuration from '" + archive + "'");
        log.add(f.client());
        Task task = s.task(false, g.node, pfx(t) + "restore", String.valueOf(vmid), q.authId(), StorageApi.PBS_FAILURE_SECONDS, log, tk -> {
            c.guests.remove(vmid, g);
            if (!t.equals("qemu")) return errPfx + "proxmox-backup-client failed: exit code 255";
            return "command '/usr/bin/proxmox-backup-client restore --crypt-mode=none " + backup + " index.json /var/tmp/vzdumptmp" + tk.pid
                    + "/index.json --repository " + StorageApi.repository(st) + "' failed: exit code 255";
        });
        task.onAbort = tk -> c.guests.remove(vmid, g);
        return task.upid;
    }

    static Guest newGuest(int vmid, String t, String node, String origin, int originVmid) {
        Guest g = new Guest();
        g.vmid = vmid;
        g.type = t;
        g.node = node;
        g.origin = origin;
        g.originVmid = originVmid;
        return g;
    }

    /** Volume ID of disk {@code n} of a guest on a storage: {@code ceph-vm:vm-9101-disk-0}, {@code local:9101/vm-9101-disk-0.raw}. */
    static String volume(Site.Storage st, int vmid, int n) {
        return st.type.equals("dir") ? st.id + ":" + vmid + "/vm-" + vmid + "-disk-" + n + ".raw" : st.id + ":vm-" + vmid + "-disk-" + n;
    }

    /** The backed-up guest's config with its disks on the target storage; new MACs (and VM identity) when unique. */
    static Map<String, String> restoredConfig(Site s, Map<String, String> src, Guest g, Site.Storage target, boolean unique) {
        Map<String, String> c = new LinkedHashMap<>();
        if (src == null) {
            src = new LinkedHashMap<>();
            src.put("memory", "2048");
            src.put("cores", "2");
            if (g.qemu()) src.put("scsi0", "x:vm-0-disk-0,size=16G");
            else src.put("rootfs", "x:vm-0-disk-0,size=16G");
        }
        int disk = 0;
        for (Map.Entry<String, String> e : src.entrySet()) {
            String k = e.getKey(), v = e.getValue();
            if (k.equals("lock")) continue;
            if (DISK_KEY.matcher(k).matches() && !v.contains("media=cdrom") && !v.startsWith("none")) {
                int comma = v.indexOf(',');
                v = volume(target, g.vmid, disk++) + (comma < 0 ? "" : v.substring(comma));
            } else if (unique && k.matches("net\\d+")) {
                v = withMac(g, v, s.freshMac(g.vmid));
            } else if (unique && k.equals("vmgenid")) {
                v = Certs.uuid("vmgenid|" + s.id + "|" + g.vmid + "|" + s.freshMac(g.vmid)).toString();
            }
            c.put(k, v);
        }
        return c;
    }

    /** A network device with the given MAC: {@code virtio=MAC,…} (VM) or {@code hwaddr=MAC} (container). */
    static String withMac(Guest g, String net, String mac) {
        List<String> out = new ArrayList<>();
        boolean done = false;
        for (String part : net.split(",")) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            if (g.qemu() && !done && out.isEmpty() && !key.equals("bridge") && !key.equals("firewall")) {
                out.add(key + "=" + mac); // model[=macaddr] comes first
                done = true;
            } else if (!g.qemu() && key.equals("hwaddr")) {
                out.add("hwaddr=" + mac);
                done = true;
            } else {
                out.add(part);
            }
        }
        if (!done && !g.qemu()) out.add("hwaddr=" + mac);
        return String.join(",", out);
    }

    // ---------------------------------------------------------------- guest config

    static String digest(Guest g) {
        StringBuilder b = new StringBuilder();
        Map<String, String> sorted = new TreeMap<>(g.config);
        if (g.lock != null) sorted.put("lock", g.lock);
        sorted.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Object configValue(Guest g, String k, String v) {
        if (INT_KEYS.contains(k) || (!g.qemu() && k.equals("memory"))) {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return v;
    }

    static Object config(Guest g) {
        Map<String, Object> out = new TreeMap<>();
        g.config.forEach((k, v) -> out.put(k, configValue(g, k, v)));
        if (g.lock != null) out.put("lock", g.lock);
        out.put("digest", digest(g));
        return out;
    }

    static boolean allowedKey(List<String> keys, String k) {
        for (String a : keys) {
            if (a.endsWith("[n]") ? k.matches(Pattern.quote(a.substring(0, a.length() - 3)) + "\\d+") : a.equals(k)) return true;
        }
        return false;
    }

    /** Splits the request into config keys to set and keys to delete; unknown keys fail like PVE's schema check. */
    static void configParams(Request q, String t, Map<String, String> set, List<String> delete, Set<String> ignore) {
        List<String> keys = t.equals("qemu") ? QEMU_KEYS : LXC_KEYS;
        Map<String, String> errors = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : q.params().entrySet()) {
            String k = e.getKey();
            if (CONFIG_CONTROL.contains(k) || ignore.contains(k) || q.pathParams().containsKey(k)) continue;
            if (!allowedKey(keys, k)) {
                errors.put(k, "property is not defined in schema and the schema does not allow additional properties");
                continue;
            }
            String v = e.getValue();
            if (INT_KEYS.contains(k) && !v.trim().matches("-?\\d+")) {
                errors.put(k, "type check ('integer') failed - got '" + v + "'");
                continue;
            }
            if (k.equals("memory") && !v.trim().matches("(current=)?\\d+")) {
                errors.put(k, "value does not look like a valid memory size: '" + v + "'");
                continue;
            }
            set.put(k, v);
        }
        String del = q.p("delete");
        if (del != null) {
            for (String k : del.split("[,;\\s\\x00]+")) {
                if (k.isEmpty()) continue;
                if (!allowedKey(keys, k)) errors.put("delete", "invalid format - invalid configuration ID '" + k + "'");
                else if (set.containsKey(k)) errors.put(k, "unable to delete '" + k + "' - option is also set");
                else delete.add(k);
            }
        }
        if (!errors.isEmpty()) throw new ApiException(400, "Parameter verification failed.", errors);
    }

    static Object updateConfig(Request q, String t, boolean async) {
        Site s = q.site();
        Guest g = guest(q, t);
        Map<String, String> set = new LinkedHashMap<>();
        List<String> delete = new ArrayList<>();
        configParams(q, t, set, delete, Set.of());
        String digest = q.p("digest");
        if (digest != null && !digest.isEmpty() && !digest.equals(digest(g))) {
            throw ApiException.fail("detected modified configuration - file changed by other user? Try again.");
        }
        boolean onlyLock = delete.stream().allMatch("lock"::equals) && set.keySet().stream().allMatch("lock"::equals);
        if (!onlyLock || !Site.ROOT.equals(q.authId())) checkLock(g);
        for (Map.Entry<String, String> e : set.entrySet()) {
            if (!e.getKey().matches("net\\d+")) continue;
            e.setValue(networkDevice(s, g, e.getKey(), e.getValue()));
        }
        Runnable apply = () -> {
            String bundleBefore = Site.bundleOfTags(g.config.get("tags"));
            for (String k : delete) {
                if (k.equals("lock")) g.lock = null;
                else g.config.remove(k);
            }
            set.forEach((k, v) -> {
                if (k.equals("lock")) g.lock = v;
                else g.config.put(k, v);
            });
            if (!java.util.Objects.equals(bundleBefore, Site.bundleOfTags(g.config.get("tags")))) {
                s.countOperation("set-bundle-tag", String.valueOf(g.vmid));
            }
        };
        if (!async) {
            apply.run();
            return null;
        }
        return s.task(false, g.node, "qmconfig", String.valueOf(g.vmid), q.authId(), duration("qmconfig"), List.of(), tk -> {
            apply.run();
            return "OK";
        }).upid;
    }

    static final Set<String> NIC_MODELS = Set.of("virtio", "e1000", "e1000e", "rtl8139", "vmxnet3", "e1000-82540em", "e1000-82544gc",
            "e1000-82545em", "i82551", "i82557b", "i82559er", "ne2k_isa", "ne2k_pci", "pcnet");

    /** Validates a net[n] value and fills in a MAC when there is none: the old one, or a new one (as PVE does). */
    static String networkDevice(Site s, Guest g, String key, String v) {
        String old = g.config.get(key);
        if (g.qemu()) {
            String first = v.split(",", 2)[0];
            String rest = v.contains(",") ? v.substring(v.indexOf(',')) : "";
            String model = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
            String mac = first.contains("=") ? first.substring(first.indexOf('=') + 1) : null;
            if (!NIC_MODELS.contains(model)) {
                throw ApiException.param(key, "invalid format - format error\n" + key + ".model: property is missing and it is not optional");
            }
            if (mac != null && !mac.isEmpty()) return v;
            String oldFirst = old == null ? null : old.split(",", 2)[0];
            String oldMac = oldFirst != null && oldFirst.contains("=") ? oldFirst.substring(oldFirst.indexOf('=') + 1) : null;
            return model + "=" + (oldMac != null ? oldMac : s.freshMac(g.vmid)) + rest;
        }
        if (Site.option(v, "name") == null) {
            throw ApiException.param(key, "invalid format - format error\n" + key + ".name: property is missing and it is not optional");
        }
        if (Site.option(v, "hwaddr") != null) return v;
        String oldMac = Site.option(old, "hwaddr");
        return v + ",hwaddr=" + (oldMac != null ? oldMac : s.freshMac(g.vmid));
    }

    // ---------------------------------------------------------------- guest agent / container interfaces

    static boolean agentConfigured(Guest g) {
        String a = g.config.get("agent");
        if (a == null) return false;
        String first = a.split(",")[0];
        return first.equals("1") || first.equals("enabled=1");
    }

    static Guest agentGuest(Request q) {
        Site s = q.site();
        Guest g = guest(q, "qemu");
        if (!agentConfigured(g)) throw ApiException.fail("No QEMU guest agent configured");
        if (!g.status.equals("running")) throw ApiException.fail("VM " + g.vmid + " is not running");
        if (!s.booted(g)) throw ApiException.fail("QEMU guest agent is not running");
        return g;
    }

    static Object agentPing(Request q) {
        agentGuest(q);
        return map("result", map());
    }

    /** {@code command} as repeated form fields (joined with NUL by the server), a JSON array, or one string. */
    static List<String> command(String v) {
        List<String> l = new ArrayList<>();
        if (v == null) return l;
        String t = v.trim();
        if (t.startsWith("[") && !v.contains("\0")) {
            try {
                for (com.fasterxml.jackson.databind.JsonNode n : NodeServer.JSON.readTree(t)) l.add(n.asText());
                return l;
            } catch (Exception e) {
                // not JSON: a plain command
            }
        }
        for (String part : v.split("\0")) if (!part.isEmpty()) l.add(part);
        return l;
    }

    static Object agentExec(Request q) {
        Site s = q.site();
        Guest g = agentGuest(q);
        List<String> cmd = command(q.p("command"));
        if (cmd.isEmpty()) throw ApiException.param("command", "property is missing and it is not optional");
        int pid = s.nextExecPid();
        String role = g.role == null ? g.name() : g.role;
        Site.Exec e = s.originFault(g, f -> f.failProbe)
                ? new Site.Exec(pid, g.vmid, 1, null, role + ": health check failed: connection refused (" + String.join(" ", cmd) + ")\n")
                : new Site.Exec(pid, g.vmid, 0, healthyAnswer(cmd, role, g.name()), null);
        s.execs.put(pid, e);
        return map("pid", pid);
    }

    /** What a healthy guest's service prints for the usual probe commands (the lab plays the applications). */
    static String healthyAnswer(List<String> cmd, String role, String name) {
        String program = cmd.get(0).substring(cmd.get(0).lastIndexOf('/') + 1);
        String last = cmd.get(cmd.size() - 1);
        return switch (program) {
            case "curl", "wget" -> last.contains("/health") ? "{\"status\":\"UP\",\"service\":\"" + role + "\"}" : role + " is ready.\n";
            case "dig", "host", "nslookup" -> "127.0.0.1\n";
            case "redis-cli" -> "PONG\n";
            default -> role + " ok: " + name + " is healthy\n";
        };
    }

    static Object agentExecStatus(Request q) {
        Site s = q.site();
        Guest g = agentGuest(q);
        int pid = q.intP("pid", -1);
        Site.Exec e = s.execs.get(pid);
        if (e == null || e.vmid() != g.vmid) throw ApiException.fail("Agent error: Invalid parameter 'pid'");
        return map("exited", 1, "exitcode", e.exitcode(), "out-data", e.out(), "err-data", e.err());
    }

    static Map<String, Object> nic(String name, String mac, String inet, String inet6) {
        List<Object> addrs = new ArrayList<>();
        if (inet != null) addrs.add(map("ip-address", inet.substring(0, inet.indexOf('/')), "ip-address-type", "inet", "prefix", Integer.parseInt(inet.substring(inet.indexOf('/') + 1))));
        if (inet6 != null) addrs.add(map("ip-address", inet6.substring(0, inet6.indexOf('/')), "ip-address-type", "inet6", "prefix", Integer.parseInt(inet6.substring(inet6.indexOf('/') + 1))));
        return map("name", name, "hwaddr", mac.toLowerCase(), "hardware-address", mac.toLowerCase(), "inet", inet, "inet6", inet6, "ip-addresses", addrs);
    }

    static Object lxcInterfaces(Request q) {
        Site s = q.site();
        Guest g = guest(q, "lxc");
        if (!g.status.equals("running")) throw ApiException.fail("CT " + g.vmid + " not running");
        boolean up = s.booted(g);
        List<Object> l = new ArrayList<>();
        l.add(nic("lo", "00:00:00:00:00:00", "127.0.0.1/8", "::1/128"));
        for (Map.Entry<String, String> e : new TreeMap<>(g.config).entrySet()) {
            if (!e.getKey().matches("net\\d+")) continue;
            String v = e.getValue();
            String name = Site.option(v, "name"), mac = Site.option(v, "hwaddr"), ip = Site.option(v, "ip"), bridge = Site.option(v, "bridge");
            if (mac == null) mac = "BC:24:11:00:00:00";
            String inet = null;
            if (up && ip != null && ip.contains("/")) inet = ip;
            else if (up && "dhcp".equals(ip)) {
                String bn = bridge == null ? "0" : bridge.replaceAll("\\D", "");
                inet = "10." + (s.index % 250) + "." + (bn.isEmpty() ? "0" : Integer.parseInt(bn) % 256) + "." + (20 + g.vmid % 200) + "/24";
            }
            String[] m = mac.split(":");
            String inet6 = up ? "fe80::" + m[0].toLowerCase() + m[1].toLowerCase() + ":" + m[2].toLowerCase() + "ff:fe" + m[3].toLowerCase() + ":"
                    + m[4].toLowerCase() + m[5].toLowerCase() + "/64" : null;
            l.add(nic(name == null ? e.getKey() : name, mac, inet, inet6));
        }
        return l;
    }

    // ---------------------------------------------------------------- snapshots

    static Object listSnapshots(Request q, String t) {
        Guest g = guest(q, t);
        List<Object> l = new ArrayList<>();
        for (Site.Snapshot sn : g.snapshots) {
            Map<String, Object> m = map("name", sn.name, "snaptime", sn.snaptime, "description", sn.description, "parent", sn.parent);
            if (sn.vmstate != null) m.put("vmstate", b(sn.vmstate));
            l.add(m);
        }
        l.add(map("name", "current", "description", "You are here!", "running", b(g.status.equals("running")), "parent", g.parentSnap));
        return l;
    }

    static Site.Snapshot findSnapshot(Guest g, String name) {
        for (Site.Snapshot sn : g.snapshots) if (name.equals(sn.name)) return sn;
        return null;
    }

    /** Config keys a snapshot does not copy and a rollback keeps from the current config (AbstractConfig's snapshot copy). */
    static boolean keptOnRollback(String key) { return key.equals("description") || key.matches("unused\\d+"); }

    static Object createSnapshot(Request q, String t) {
        Site s = q.site();
        Guest g = guest(q, t);
        checkLock(g);
        String name = q.p("snapname");
        if (name.length() > 40 || !SNAPNAME.matcher(name).matches()) {
            throw ApiException.param("snapname", "invalid format - invalid configuration ID '" + name + "'");
        }
        if (name.equals("current") || name.equals("pending")) {
            throw ApiException.param("snapname", "invalid format - invalid configuration ID '" + name + "'");
        }
        if (findSnapshot(g, name) != null) throw ApiException.fail("snapshot name '" + name + "' already used");
        boolean vmstate = t.equals("qemu") && q.bool("vmstate") && g.status.equals("running");
        String desc = q.p("description", "");
        String type = pfx(t) + "snapshot";
        s.countOperation("snapshot", String.valueOf(g.vmid));
        return s.task(false, g.node, type, String.valueOf(g.vmid), q.authId(), duration(type), List.of(), tk -> {
            Site.Snapshot sn = new Site.Snapshot();
            sn.name = name;
            sn.snaptime = s.nowEpoch();
            sn.description = desc;
            sn.parent = g.parentSnap;
            if (t.equals("qemu")) sn.vmstate = vmstate;
            sn.config = new LinkedHashMap<>();
            g.config.forEach((k, v) -> {
                if (!keptOnRollback(k)) sn.config.put(k, v);
            });
            sn.runningBundle = g.runningBundle; // what the disk (and RAM) held
            g.snapshots.add(sn);
            g.parentSnap = name;
            return "OK";
        }).upid;
    }

    static Object deleteSnapshot(Request q, String t) {
        Site s = q.site();
        Guest g = guest(q, t);
        String name = q.p("snapname");
        if (findSnapshot(g, name) == null) throw ApiException.fail("snapshot '" + name + "' does not exist");
        String type = pfx(t) + "delsnapshot";
        s.countOperation("delsnapshot", String.valueOf(g.vmid));
        return s.task(false, g.node, type, String.valueOf(g.vmid), q.authId(), duration(type), List.of(), tk -> {
            Site.Snapshot gone = findSnapshot(g, name);
            if (gone == null) return "snapshot '" + name + "' does not exist";
            g.snapshots.remove(gone);
            for (Site.Snapshot sn : g.snapshots) if (name.equals(sn.parent)) sn.parent = gone.parent; // children move up
            if (name.equals(g.parentSnap)) g.parentSnap = gone.parent;
            return "OK";
        }).upid;
    }

    /**
     * Rolls back as PVE does on shared (RBD) storage: the guest stops, its config becomes the snapshot's (tags included; the
     * current description and unused disks are kept), newer snapshots stay, and the snapshot becomes the parent. It starts again
     * only with {@code start=1} (then its pull agent runs) or, resuming the saved RAM, from a VM snapshot with vmstate.
     */
    static Object rollback(Request q, String t) {
        Site s = q.site();
        Guest g = guest(q, t);
        checkLock(g);
        String name = q.p("snapname");
        if (findSnapshot(g, name) == null) throw ApiException.fail("snapshot '" + name + "' does not exist");
        boolean start = q.bool("start");
        String type = pfx(t) + "rollback";
        s.countOperation("rollback", String.valueOf(g.vmid));
        return s.task(false, g.node, type, String.valueOf(g.vmid), q.authId(), duration(type), List.of(), tk -> {
            Site.Snapshot sn = findSnapshot(g, name);
            if (sn == null) return "snapshot '" + name + "' does not exist";
            g.status = "stopped";
            Map<String, String> restored = new LinkedHashMap<>(sn.config);
            g.config.forEach((k, v) -> {
                if (keptOnRollback(k)) restored.put(k, v);
            });
            g.config = restored;
            g.parentSnap = name;
            g.runningBundle = sn.runningBundle;
            if (Boolean.TRUE.equals(sn.vmstate)) {
                s.resumed(g); // the saved RAM runs on: no new boot, no pull
                return "OK";
            }
            return start ? start(s, g) : "OK";
        }).upid;
    }

    // ---------------------------------------------------------------- storage & backups

    static Site.Storage storage(Request q) {
        Site.Storage st = q.cluster().storages.get(q.p("storage"));
        if (st == null) throw ApiException.fail("storage '" + q.p("storage") + "' does not exist");
        return st;
    }

    /** What {@code storage.cfg} says of the storage, and the file's digest; a pbs storage's password is not there. */
    static Map<String, Object> storageConfig(Cluster c, Site.Storage st) {
        Map<String, Object> m = map("storage", st.id, "type", st.type, "content", st.content, "shared", st.type.equals("dir") ? null : b(st.shared),
                "digest", StorageApi.digest(c));
        m.putAll(st.config);
        return m;
    }

    /** Whether the storage can be activated now: enabled, a pbs one's PBS logs it in, an rbd one's pool exists and Ceph runs. */
    static boolean storageActive(Cluster c, Site.Storage st) {
        if (StorageApi.activationError(st) != null) return false;
        if (!st.type.equals("rbd")) return true;
        Object pool = st.config.getOrDefault("pool", st.id);
        return c.ceph != null && c.ceph.pools.containsKey(String.valueOf(pool)) && !c.ceph.mons.isEmpty();
    }

    static Object storageList(Request q) {
        List<Object> l = new ArrayList<>();
        String type = q.p("type");
        for (Site.Storage st : q.cluster().storages.values()) if (type == null || type.equals(st.type)) l.add(storageConfig(q.cluster(), st));
        return l;
    }

    static Object storageDelete(Request q) {
        Site.Storage st = storage(q);
        q.cluster().storages.remove(st.id);
        return null;
    }

    static Object storageCreate(Request q) {
        Site s = q.site();
        Cluster c = q.cluster();
        String id = q.p("storage");
        String type = q.p("type");
        if (!id.matches("[a-zA-Z][a-zA-Z0-9\\-_.]*[a-zA-Z0-9]")) throw ApiException.param("storage", "invalid format - storage ID '" + id + "' contains illegal characters");
        if (!List.of("btrfs", "cephfs", "cifs", "dir", "esxi", "iscsi", "iscsidirect", "lvm", "lvmthin", "nfs", "pbs", "rbd", "zfs", "zfspool").contains(type)) {
            throw ApiException.param("type", "value '" + type + "' does not have a value in the enumeration 'btrfs, cephfs, cifs, dir, esxi, iscsi, iscsidirect, lvm, lvmthin, nfs, pbs, rbd, zfs, zfspool'");
        }
        if (c.storages.containsKey(id)) throw ApiException.fail("create storage failed: storage ID '" + id + "' already defined");
        if (type.equals("pbs")) {
            for (String r : List.of("server", "datastore", "username")) if (q.p(r) == null) throw ApiException.param(r, "property is missing and it is not optional");
        }
        String content = q.p("content", type.equals("pbs") ? "backup" : type.equals("rbd") ? "images,rootdir" : "images");
        Site.Storage st = Site.addStorage(c, id, type, content, !type.equals("dir"), null);
        if (type.equals("rbd") && q.p("pool") != null) st.config.put("pool", q.p("pool"));
        if (type.equals("dir") && q.p("path") != null) st.config.put("path", q.p("path"));
        if (type.equals("pbs")) {
            Integer port = q.p("port") == null ? null : q.intP("port", StorageApi.PBS_DEFAULT_PORT);
            Site.pbsOptions(st, q.p("server"), port, q.p("datastore"), q.p("username"), q.p("fingerprint"));
            st.password = q.p("password"); // on_add_hook: priv/storage/<id>.pw
            st.pbsSite = s.lab.siteByPbsPort(StorageApi.port(st));
            // like PVE, it activates the new storage (logs in to the PBS) and keeps it only when that works
            String err = StorageApi.activationError(st);
            if (err != null) {
                c.storages.remove(id);
                throw ApiException.fail("create storage failed: " + err);
            }
        }
        return map("storage", id, "type", type);
    }

    static Object nodeStorage(Request q) {
        List<Object> l = new ArrayList<>();
        String content = q.p("content");
        Cluster c = q.cluster();
        for (Site.Storage st : c.storages.values()) {
            boolean enabled = !StorageApi.disabled(st);
            if (content != null && (!st.content.contains(content) || !enabled)) continue;
            long total = st.type.equals("pbs") ? 4000L << 30 : 1800L << 30, used = total / 7;
            if (!storageActive(c, st)) {
                l.add(map("storage", st.id, "type", st.type, "content", st.content, "shared", b(st.shared), "active", 0, "enabled", b(enabled)));
                continue;
            }
            l.add(map("storage", st.id, "type", st.type, "content", st.content, "shared", b(st.shared), "active", 1, "enabled", 1,
                    "total", total, "used", used, "avail", total - used, "used_fraction", (double) used / total));
        }
        return l;
    }

    static Object storageContent(Request q) {
        Site s = q.site();
        Site.Storage st = q.cluster().storages.get(q.p("storage"));
        if (st == null) throw ApiException.fail("storage '" + q.p("storage") + "' does not exist");
        String content = q.p("content");
        String vmidS = q.p("vmid");
        Integer vmid = vmidS == null ? null : q.intP("vmid", 0);
        List<Object> l = new ArrayList<>();
        String unusable = StorageApi.activationError(st); // a pbs storage logs in to its PBS first
        if (unusable != null) throw ApiException.fail(unusable);
        if (!st.type.equals("pbs") || (content != null && !content.equals("backup"))) return l;
        Site src = st.pbsSite;
        List<Snap> snaps;
        synchronized (src) {
            if (src != s) src.settle();
            snaps = new ArrayList<>(src.snaps);
        }
        for (Snap sn : snaps) {
            if (vmid != null && sn.vmid != vmid) continue;
            Guest g = src.home.guests.get(sn.vmid);
            Map<String, Object> m = map("volid", st.id + ":" + volPath(sn), "format", sn.type.equals("vm") ? "pbs-vm" : "pbs-ct",
                    "subtype", sn.type.equals("vm") ? "qemu" : "lxc", "content", "backup", "vmid", sn.vmid, "ctime", sn.time, "size", sn.size,
                    "notes", g == null ? null : g.name());
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
            for (Guest g : q.cluster().guests.values()) if (g.node.equals(node)) targets.add(g);
        } else {
            String v = q.p("vmid");
            if (v == null) throw ApiException.param("vmid", "property is missing and it is not optional");
            for (String id : v.split("[,;\\s]+")) {
                Guest g = q.cluster().guests.get(Integer.parseInt(id.trim()));
                if (g == null) throw ApiException.fail("unable to find VM '" + id.trim() + "'");
                targets.add(g);
            }
        }
        String storage = q.p("storage", Site.PVE_STORAGE);
        Site.Storage st = q.cluster().storages.get(storage);
        if (st == null) throw ApiException.fail("storage '" + storage + "' does not exist");
        String id = targets.size() == 1 ? String.valueOf(targets.get(0).vmid) : "";
        String unusable = StorageApi.backupError(st); // the job activates its storage first: a pbs one logs in to its PBS
        if (unusable != null) return s.task(false, node, "vzdump", id, q.authId(), StorageApi.PBS_FAILURE_SECONDS, List.of(), tk -> unusable).upid;
        long start = s.nowEpoch();
        Site dst = st.pbsSite;
        // each guest's backup opens a backup session as the storage's token: PBS creates its group owned by that token, or refuses
        // the session when the group is another auth id's
        Map<Integer, String> refused = dst == null ? Map.of() : ownerRefusals(dst, String.valueOf(st.config.getOrDefault("username", Site.ROOT)), targets);
        List<String> log = new ArrayList<>();
        log.add("INFO: starting new backup job: vzdump " + q.p("vmid", "--all 1") + " --storage " + storage + " --mode " + q.p("mode", "snapshot"));
        for (Guest g : targets) {
            String archive = (g.type.equals("qemu") ? "vm" : "ct") + "/" + g.vmid + "/" + VOLID_TIME.format(Instant.ofEpochSecond(start));
            log.add("INFO: Starting Backup of VM " + g.vmid + " (" + g.type + ")");
            log.add("INFO: Backup started at " + VOLID_TIME.format(Instant.ofEpochSecond(start)));
            log.add("INFO: creating Proxmox Backup Server archive '" + archive + "'");
            String err = refused.get(g.vmid);
            if (err == null) {
                log.add("INFO: Finished Backup of VM " + g.vmid + " (00:02:" + String.format("%02d", g.vmid % 60) + ")");
            } else if (g.type.equals("qemu")) {
                String qmp = "VM " + g.vmid + " qmp command 'backup' failed - backup connect failed: command error: " + err;
                log.addAll(List.of("ERROR: " + qmp, "INFO: aborting backup job", "ERROR: Backup of VM " + g.vmid + " failed - " + qmp));
            } else {
                log.add("INFO: Error: " + err);
                log.add("ERROR: Backup of VM " + g.vmid + " failed - command '/usr/bin/proxmox-backup-client backup --crypt-mode=none "
                        + "pct.conf:/etc/vzdump/pct.conf root.pxar:/mnt/vzsnap0 --include-dev /mnt/vzsnap0/./ --skip-lost-and-found "
                        + "--backup-type ct --backup-id " + g.vmid + " --backup-time " + start + " --repository " + StorageApi.repository(st)
                        + "' failed: exit code 255");
            }
        }
        log.add(refused.isEmpty() ? "INFO: Backup job finished successfully" : "INFO: Backup job finished with errors");
        return s.task(false, node, "vzdump", id, q.authId(), duration("vzdump"), log, tk -> {
            if (dst == null) return "OK";
            synchronized (dst) {
                for (Guest g : targets) {
                    if (refused.containsKey(g.vmid)) continue;
                    Snap sn = new Snap();
                    sn.type = g.type.equals("qemu") ? "vm" : "ct";
                    sn.vmid = g.vmid;
                    sn.time = start;
                    sn.size = Site.guestBackupSize(g.vmid);
                    if (dst.findSnap(sn.type, sn.vmid, sn.time) == null) dst.snaps.add(sn);
                }
            }
            return refused.isEmpty() ? "OK" : "job errors";
        }).upid;
    }

    /**
     * The guests whose backup group on the PBS another auth id owns, with PBS's refusal; the groups that do not exist yet become
     * the backing-up auth id's.
     */
    private static Map<Integer, String> ownerRefusals(Site pbs, String authId, List<Guest> targets) {
        Map<Integer, String> refused = new LinkedHashMap<>();
        synchronized (pbs) {
            for (Guest g : targets) {
                String group = (g.type.equals("qemu") ? "vm/" : "ct/") + g.vmid;
                String owner = pbs.groupOwner(Site.DATASTORE, group);
                if (owner == null) {
                    pbs.setGroupOwner(Site.DATASTORE, group, authId);
                } else {
                    String err = PbsApi.ownerCheck(owner, authId);
                    if (err != null) refused.put(g.vmid, err);
                }
            }
        }
        return refused;
    }

    // ---------------------------------------------------------------- certificates

    // ---------------------------------------------------------------- tasks

    static Task task(Request q) {
        String upid = q.p("upid");
        Task t = q.site().tasks.get(upid);
        if (t == null || t.pbs || !q.site().visible(t)) {
            if (!upid.startsWith("UPID:")) throw ApiException.param("upid", "unable to parse worker upid '" + upid + "'");
            throw ApiException.fail("no such task");
        }
        return t;
    }

    static Object stopTask(Request q) {
        Task t = task(q);
        q.site().abort(t, "interrupted by signal");
        return null;
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
            if (t.pbs || !t.node.equals(q.p("node")) || !s.visible(t)) continue;
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
