package dev.edgerunbooks.lab;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/** State of one simulated cluster (a store with its PBS, or a staging cluster). All access is synchronized on the site. */
final class Site {

    static final String[][] GUESTS = {
            // vmid, name, type, role, node index, memory GiB, disk GiB, cpus
            {"100", "dns", "lxc", "dns", "0", "1", "8", "1"},
            {"101", "tokenization", "qemu", "tokenization", "0", "8", "64", "4"},
            {"102", "inventory-api", "qemu", "inventory", "1", "8", "64", "4"},
            {"103", "cache", "lxc", "cache", "1", "4", "32", "2"},
            {"104", "pos-gateway", "qemu", "pos", "2", "8", "48", "4"},
            {"105", "monitoring", "lxc", "monitoring", "2", "2", "16", "2"},
    };
    static final String PVE_STORAGE = "pbs-store";
    static final String DATASTORE = "store";
    static final String OFFSITE = "offsite";
    static final String SYNC_JOB = "offsite-s3";
    static final String PBS_HOST = "pbs";

    static final class Guest {
        int vmid;
        String type, role, node, status = "running";
        long startedAt; // epoch seconds of the last start (uptime)
        long runningSinceMillis; // clock millis when it last started running (boot model)
        String origin; // site whose guest this is (or whose backup it was restored from)
        int originVmid;
        String lock;
        Map<String, String> config = new LinkedHashMap<>();
        Firewall firewall; // its <vmid>.fw; null: none
        final List<Snapshot> snapshots = new ArrayList<>();
        String parentSnap; // the snapshot the current state descends from (PVE's config 'parent')
        String runningBundle; // what the guest's pull agent installed at its last start: the desired bundle is its tag

        boolean qemu() { return type.equals("qemu"); }

        String name() {
            String n = config.get(qemu() ? "name" : "hostname");
            return n != null ? n : qemu() ? "VM " + vmid : "CT" + vmid;
        }

        long maxmem() {
            String m = config.get("memory");
            if (m == null) return 512L << 20;
            java.util.regex.Matcher x = java.util.regex.Pattern.compile("(\\d+)").matcher(m);
            return x.find() ? Long.parseLong(x.group(1)) << 20 : 512L << 20;
        }

        int cpus() {
            int cores = intOf(config.get("cores"), 1);
            return qemu() ? cores * intOf(config.get("sockets"), 1) : cores;
        }

        long maxdisk() {
            String d = qemu() ? config.get(bootDisk()) : config.get("rootfs");
            if (d == null) return 0;
            java.util.regex.Matcher x = java.util.regex.Pattern.compile("(?:^|,)size=(\\d+)([KMGT]?)").matcher(d);
            if (!x.find()) return 0;
            long v = Long.parseLong(x.group(1));
            return switch (x.group(2)) {
                case "K" -> v << 10;
                case "M" -> v << 20;
                case "G" -> v << 30;
                case "T" -> v << 40;
                default -> v;
            };
        }

        String bootDisk() {
            for (String k : List.of("scsi0", "virtio0", "sata0", "ide0")) if (config.containsKey(k)) return k;
            return "scsi0";
        }

        /** Bridges of the guest's network interfaces, in interface order. */
        List<String> bridges() {
            List<String> l = new ArrayList<>();
            for (Map.Entry<String, String> e : new TreeMap<>(config).entrySet()) {
                if (!e.getKey().matches("net\\d+")) continue;
                String b = option(e.getValue(), "bridge");
                if (b != null && !l.contains(b)) l.add(b);
            }
            return l;
        }
    }

    /**
     * A guest snapshot: like PVE's config section, a copy of the config (but description, unused disks and lock) and, for the
     * lab, the bundle the guest's disk held then.
     */
    static final class Snapshot {
        String name, description, parent;
        long snaptime;
        Boolean vmstate; // qemu only
        Map<String, String> config;
        String runningBundle;
    }

    /** The bundle version of a config's {@code bundle-<version>} tag, or null. */
    static String bundleOfTags(String tags) {
        if (tags == null) return null;
        for (String t : tags.split("[;,\\s]+")) {
            if (t.toLowerCase(java.util.Locale.ROOT).startsWith(BUNDLE_TAG_PREFIX) && t.length() > BUNDLE_TAG_PREFIX.length()) {
                return t.substring(BUNDLE_TAG_PREFIX.length());
            }
        }
        return null;
    }

    static int intOf(String s, int def) {
        if (s == null) return def;
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return def;
        }
    }

    /** Value of {@code key} in a property string {@code a=1,key=v,…}, or null. */
    static String option(String propertyString, String key) {
        if (propertyString == null) return null;
        for (String part : propertyString.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equals(key)) return part.substring(eq + 1).trim();
        }
        return null;
    }

    /** One guest agent command run (the lab runs it at once). */
    record Exec(int pid, int vmid, int exitcode, String out, String err) {}

    /** A node's network interface, as {@code GET /nodes/{node}/network} shows it. */
    static Map<String, Object> iface(String name, String type, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iface", name);
        m.put("type", type);
        for (int i = 0; i < kv.length; i += 2) if (kv[i + 1] != null) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** A firewall configuration file ({@code cluster.fw}, {@code host.fw}, {@code <vmid>.fw}): options and rules in order. */
    static final class Firewall {
        final Map<String, Object> options = new TreeMap<>();
        final List<Map<String, Object>> rules = new ArrayList<>();

        Firewall copy() {
            Firewall f = new Firewall();
            f.options.putAll(options);
            for (Map<String, Object> r : rules) f.rules.add(new LinkedHashMap<>(r));
            return f;
        }
    }

    /** What a cluster shares through pmxcfs: membership, guests, storages, Ceph, firewall. A standalone node has one of its own. */
    static final class Cluster {
        String name; // null: a standalone node
        final List<String> members = new ArrayList<>();
        final Map<String, Integer> nodeIds = new HashMap<>();
        final Map<Integer, Guest> guests = new TreeMap<>();
        final Map<String, Storage> storages = new LinkedHashMap<>();
        final Set<String> cephFlags = new TreeSet<>();
        Ceph ceph;
        Firewall firewall = new Firewall(); // cluster.fw (none on a fresh install)
        int configVersion;
        final byte[] authKey;

        Cluster(byte[] authKey) { this.authKey = authKey; }

        boolean clustered() { return name != null; }
    }

    static final class Ceph {
        String fsid, network;
        int size = 3, minSize = 2;
        final Map<String, String> mons = new LinkedHashMap<>(); // monid -> node
        final Map<String, String> mgrs = new LinkedHashMap<>(); // id -> node
        final List<Osd> osds = new ArrayList<>();
        final Map<String, Pool> pools = new LinkedHashMap<>();
        final Set<String> creating = new HashSet<>(); // daemons, OSDs, pools whose create task is running
        int nextPoolId = 1;
    }

    static final class Osd {
        int id;
        String node, dev;
        boolean in = true;
    }

    static final class Pool {
        int id;
        String name, application;
        int size, minSize, pgNum;
    }

    /** Per physical node: the cluster it is in, its network configuration, whether it is being reinstalled. */
    static final class NodeState {
        final String name;
        final int index;
        Cluster cluster;
        Map<String, Map<String, Object>> ifaces = new LinkedHashMap<>();
        Map<String, Map<String, Object>> pending; // null: no pending changes
        Firewall firewall = new Firewall(); // host.fw
        long downUntilMillis;
        long installedAtMillis; // tasks from before a reinstall are gone with the old system
        long bootEpoch;
        int generation;
        final Map<String, String> packages = new TreeMap<>(AptApi.DEFAULT_PACKAGES); // installed: name -> version
        String runningKernel = AptApi.bootKernel(AptApi.DEFAULT_PACKAGES, null); // what it booted; changes only at boot
        long offUntilMillis; // rebooting until then
        boolean poweredOff; // shut down through the API: off until powered on again
        boolean bootPending; // down through the API: its onboot guests start when it is up again
        long closeAfterNanos; // real time after which its port closes (the answer to the reboot call goes out first)
        Certs.NodeCert customCert; // pveproxy-ssl.pem and .key; null: none
        boolean customBroken; // the upload fault hit the custom files: pveproxy serves brokenCert instead
        Certs.NodeCert brokenCert;

        NodeState(String name, int index) {
            this.name = name;
            this.index = index;
        }
    }

    /** Disks of every node (besides the system disk): devpath, size. */
    static final String[] OSD_DISKS = {"/dev/nvme0n1", "/dev/nvme1n1"};

    static final class Snap {
        String type; // vm | ct
        int vmid;
        long time;
        long size;
        String state; // null | ok | failed
        String upid;
        boolean corrupt;
    }

    static final class Task {
        String upid, node, type, id, user;
        boolean pbs;
        int pid, pstart;
        long startEpoch, startMillis, endMillis;
        Long endEpoch;
        String exitstatus;
        final List<String> log = new ArrayList<>();
        Function<Task, String> onComplete;
        java.util.function.Consumer<Task> onAbort;
        boolean done;
    }

    /**
     * A storage of {@code storage.cfg}: its options in {@code config} (what {@code GET /storage/{storage}} shows); a pbs storage's
     * password (the PBS token's secret) is kept apart, as PVE keeps it in {@code /etc/pve/priv/storage/<storage>.pw}, and never shown.
     */
    static final class Storage {
        String id, type, content;
        boolean shared;
        Site pbsSite; // type pbs: the PBS listening at the storage's port, null when none does
        String password; // type pbs: priv/storage/<id>.pw
        Map<String, Object> config = new LinkedHashMap<>();
    }

    /** Fault state. */
    static final class FaultState {
        double errorRate;
        long latencyMs;
        boolean unreachable;
        final Set<String> offline = new HashSet<>();
        final Set<Integer> failRestore = new HashSet<>();
        final Set<Integer> noBoot = new HashSet<>();
        final Set<Integer> failProbe = new HashSet<>();
        final Set<String> failUpgrade = new HashSet<>();
        final Set<String> brokenCertificate = new HashSet<>(); // nodes whose next custom certificate upload goes wrong
        final Map<String, Double> slo = new HashMap<>();

        void clear() {
            errorRate = 0;
            latencyMs = 0;
            unreachable = false;
            offline.clear();
            failRestore.clear();
            noBoot.clear();
            failProbe.clear();
            failUpgrade.clear();
            brokenCertificate.clear();
            slo.clear();
        }
    }

    static final double REINSTALL_SECONDS = 600;
    /** Nominal seconds a rebooting (or powered-on) node is down: firmware, kernel, pmxcfs, corosync, pveproxy. */
    static final double REBOOT_SECONDS = 60;
    /** Real time the port of a node going down stays open, so that the answer to its reboot call still goes out. */
    static final long CLOSE_GRACE_NANOS = 250_000_000L;
    static final String ROOT = "root@pam";

    final Lab lab;
    final String id, region;
    final ZoneId tz;
    final boolean staging, pilot;
    final String wave;
    final int index; // 1-based for stores
    final List<String> nodes; // every physical node, whatever cluster it is in
    final LabCredentials creds;
    final Access pveAccess; // cluster-wide users, tokens and ACLs (kept by nodes that leave the cluster, unlike PVE)
    final Access pbsAccess; // the PBS's; null on staging clusters
    final Map<String, NodeServer> servers = new LinkedHashMap<>();
    NodeServer pbsServer;
    final Map<String, NodeState> nodeStates = new LinkedHashMap<>();
    final Cluster home; // the cluster the site started with (a store's guests live here)
    final Map<String, Task> tasks = new LinkedHashMap<>();
    final List<Snap> snaps = new ArrayList<>();
    /**
     * The owner of each backup group of the PBS, by datastore and group ({@code vm/101}): the auth id that created it (a backup's
     * storage token), or the one {@code change-owner} gave it. A group of the offsite datastore not in here belongs to the auth id
     * the sync job ran as, the store's initial token.
     */
    final Map<String, Map<String, String>> groupOwners = new HashMap<>();
    final FaultState faults = new FaultState();
    final List<LabInspection.GuestStart> starts = new ArrayList<>();
    final Map<Integer, Exec> execs = new HashMap<>();
    final Map<String, Map<String, Integer>> operations = new TreeMap<>(); // kind -> target -> count
    String bundleVersion = "2026.11.0";
    long syncLastRun;
    String syncLastUpid;
    String syncLastState = "OK";
    private int pidCounter;
    private int execPid = 1000;
    private int macCounter;
    final long bootEpoch;

    Site(Lab lab, String id, String region, ZoneId tz, boolean staging, boolean pilot, String wave, int index, List<String> nodes) {
        this.lab = lab;
        this.id = id;
        this.region = region;
        this.tz = tz;
        this.staging = staging;
        this.pilot = pilot;
        this.wave = wave;
        this.index = index;
        this.nodes = nodes;
        String seed = lab.options().seed();
        this.creds = new LabCredentials("edgerun@pve!runbooks", Certs.uuid("pve-token|" + seed + "|" + id).toString(),
                "edgerun@pbs!runbooks", Certs.uuid("pbs-token|" + seed + "|" + id).toString(),
                ROOT, rootPassword(seed, id));
        this.pveAccess = Access.initial(false, creds.pveTokenId(), creds.pveSecret());
        this.pbsAccess = staging ? null : Access.initial(true, creds.pbsTokenId(), creds.pbsSecret());
        this.pidCounter = 0x1000 + (Certs.sha256(seed + id)[0] & 0xff) * 97;
        long now = clock().millis() / 1000;
        this.bootEpoch = now - 86400L * 12 - (index * 377L % 86400);
        this.home = new Cluster(Certs.sha256("authkey|" + seed + "|" + id));
        home.name = id;
        home.configVersion = 3;
        addStorage(home, "local", "dir", "iso,vztmpl,backup", false, null);
        addStorage(home, "ceph-vm", "rbd", "images,rootdir", true, null);
        home.firewall = FirewallApi.storeCluster();
        for (int i = 0; i < nodes.size(); i++) {
            NodeState ns = new NodeState(nodes.get(i), i);
            ns.cluster = home;
            ns.firewall = FirewallApi.storeHost();
            ns.bootEpoch = bootEpoch;
            ns.ifaces = defaultNetwork(ns, staging);
            home.members.add(ns.name);
            home.nodeIds.put(ns.name, i + 1);
            nodeStates.put(ns.name, ns);
        }
        home.ceph = healthyCeph();
        if (!staging) {
            addStorage(home, PVE_STORAGE, "pbs", "backup", true, this);
            for (String[] g : GUESTS) {
                Guest gu = new Guest();
                gu.vmid = Integer.parseInt(g[0]);
                gu.type = g[2];
                gu.role = g[3];
                gu.node = nodes.get(Integer.parseInt(g[4]));
                gu.startedAt = bootEpoch + 60 + gu.vmid;
                gu.runningSinceMillis = gu.startedAt * 1000;
                gu.origin = id;
                gu.originVmid = gu.vmid;
                gu.config = seedConfig(gu, g[1], Integer.parseInt(g[5]) * 1024, Integer.parseInt(g[6]), Integer.parseInt(g[7]));
                gu.firewall = FirewallApi.storeGuest(gu);
                gu.runningBundle = bundleVersion;
                home.guests.put(gu.vmid, gu);
            }
            seedBackups();
        } else if (lab.options().wipedStaging()) {
            home.members.clear();
            home.nodeIds.clear();
            for (String n : nodes) wipe(nodeStates.get(n), 0);
        }
    }

    static String rootPassword(String seed, String siteId) {
        byte[] h = Certs.sha256("root-password|" + seed + "|" + siteId);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(h, 15));
    }

    /** Ceph as a store (or a staging cluster) runs it: a monitor and a manager per node, two OSDs per node, an RBD pool. */
    private Ceph healthyCeph() {
        Ceph c = new Ceph();
        c.fsid = Certs.uuid("fsid" + id).toString();
        c.network = "10." + (index % 250) + ".0.0/24";
        int osd = 0;
        for (String n : nodes) {
            c.mons.put(n, n);
            c.mgrs.put(n, n);
            for (String dev : OSD_DISKS) {
                Osd o = new Osd();
                o.id = osd++;
                o.node = n;
                o.dev = dev;
                c.osds.add(o);
            }
        }
        addPool(c, ".mgr", 3, 2, 1, "mgr");
        addPool(c, "ceph-vm", 3, 2, 128, "rbd");
        return c;
    }

    static Pool addPool(Ceph c, String name, int size, int minSize, int pgNum, String app) {
        Pool p = new Pool();
        p.id = c.nextPoolId++;
        p.name = name;
        p.size = size;
        p.minSize = minSize;
        p.pgNum = pgNum;
        p.application = app;
        c.pools.put(name, p);
        return p;
    }

    String nodeIp(NodeState ns) { return "10." + (index % 250) + ".0." + (11 + ns.index); }

    /** eno1 (uplink), eno2; vmbr0 on eno1 with the node's address; on staging clusters also the isolated vmbr9. */
    Map<String, Map<String, Object>> defaultNetwork(NodeState ns, boolean isolatedBridge) {
        Map<String, Map<String, Object>> m = new java.util.TreeMap<>();
        String ip = nodeIp(ns);
        String gw = "10." + (index % 250) + ".0.1";
        m.put("eno1", iface("eno1", "eth", "method", "manual", "families", List.of("inet"), "active", 1, "exists", 1, "priority", 3));
        m.put("eno2", iface("eno2", "eth", "method", "manual", "families", List.of("inet"), "exists", 1, "priority", 4));
        m.put("vmbr0", iface("vmbr0", "bridge", "method", "static", "families", List.of("inet"), "autostart", 1, "active", 1,
                "bridge_ports", "eno1", "bridge_stp", "off", "bridge_fd", "0", "cidr", ip + "/24", "address", ip, "netmask", "24",
                "gateway", gw, "priority", 5));
        if (isolatedBridge) {
            m.put("vmbr9", iface("vmbr9", "bridge", "method", "manual", "families", List.of("inet"), "autostart", 1, "active", 1,
                    "bridge_stp", "off", "bridge_fd", "0", "comments", "isolated: restore tests", "priority", 6));
        }
        return m;
    }

    /** The cluster (or standalone node) a node belongs to: what a request served by it sees. */
    Cluster view(String node) {
        NodeState ns = nodeStates.get(node);
        return ns == null ? home : ns.cluster;
    }

    /** Every cluster some node is in, plus the original one. */
    List<Cluster> clusters() {
        List<Cluster> l = new ArrayList<>();
        l.add(home);
        for (NodeState ns : nodeStates.values()) if (!l.contains(ns.cluster)) l.add(ns.cluster);
        return l;
    }

    boolean reinstalling(String node) {
        NodeState ns = nodeStates.get(node);
        return ns != null && clock().millis() < ns.downUntilMillis;
    }

    /**
     * Takes a node out of its cluster and reinstalls it: until {@code downUntilMillis} its port refuses connections; then it is a
     * standalone node without Ceph, guests, or storages but {@code local}, with only vmbr0. Same certificate.
     */
    void reinstall(String node) {
        NodeState ns = nodeStates.get(node);
        if (ns == null) throw new IllegalArgumentException("no node " + node + " in " + id);
        settle();
        long now = clock().millis();
        for (Task t : tasks.values()) if (!t.done && !t.pbs && t.node.equals(node)) abort(t, "unexpected status");
        Cluster old = ns.cluster;
        old.members.remove(node);
        old.nodeIds.remove(node);
        old.guests.values().removeIf(g -> g.node.equals(node));
        if (old.ceph != null) {
            old.ceph.mons.values().removeIf(node::equals);
            old.ceph.mgrs.values().removeIf(node::equals);
            old.ceph.osds.removeIf(o -> o.node.equals(node));
        }
        wipe(ns, now + (long) (REINSTALL_SECONDS * 1000 * lab.options().timeScale()));
    }

    private void wipe(NodeState ns, long downUntil) {
        ns.generation++;
        Cluster c = new Cluster(Certs.sha256("authkey|" + lab.options().seed() + "|" + id + "|" + ns.name + "|" + ns.generation));
        c.members.add(ns.name);
        c.nodeIds.put(ns.name, 1);
        addStorage(c, "local", "dir", "iso,vztmpl,backup", false, null);
        ns.cluster = c;
        ns.ifaces = defaultNetwork(ns, false);
        ns.firewall = new Firewall();
        ns.pending = null;
        ns.downUntilMillis = downUntil;
        ns.installedAtMillis = clock().millis();
        ns.bootEpoch = Math.max(downUntil, clock().millis()) / 1000;
        ns.packages.clear();
        ns.packages.putAll(AptApi.DEFAULT_PACKAGES); // the install image's
        ns.runningKernel = AptApi.bootKernel(ns.packages, null);
        ns.offUntilMillis = 0;
        ns.poweredOff = false;
        ns.bootPending = false;
        setCustomCert(ns, null, false);
    }

    /** Installs (or removes, null) a node's custom certificate files; {@code broken}: the upload fault hit them. */
    static void setCustomCert(NodeState ns, Certs.NodeCert c, boolean broken) {
        ns.customCert = c;
        ns.customBroken = c != null && broken;
        ns.brokenCert = null;
    }

    /**
     * What pveproxy of a node loads when it (re)starts, if not its own {@code pve-ssl.pem}: the custom {@code pveproxy-ssl.pem},
     * or when the upload fault hit it a broken certificate in its place; null without a custom certificate.
     */
    Certs.NodeCert pveproxyCustom(String node) {
        NodeState ns = nodeStates.get(node);
        if (ns == null || ns.customCert == null) return null;
        if (!ns.customBroken) return ns.customCert;
        if (ns.brokenCert == null) ns.brokenCert = Certs.broken(clock().instant());
        return ns.brokenCert;
    }

    /**
     * The fingerprint of a node's certificate files as PVE reads them for {@code ssl_fingerprint} and join information
     * ({@code pveproxy-ssl.pem} when installed, else {@code pve-ssl.pem}), whether or not pveproxy has loaded them yet.
     */
    String fileFingerprint(String node) {
        NodeState ns = nodeStates.get(node);
        return ns != null && ns.customCert != null ? ns.customCert.fingerprint() : servers.get(node).cert.fingerprint();
    }

    /** pveproxy of the node restarts shortly after the answer to this call went out ({@link NodeServer#restartPveproxy}). */
    void restartPveproxy(String node) {
        NodeServer ns = servers.get(node);
        lab.group().schedule(ns::restartPveproxy, NodeServer.PVEPROXY_RESTART_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    Clock clock() { return lab.options().clock(); }

    /** The users, tokens and ACLs a PVE node (false) or the PBS (true) checks. */
    Access access(boolean pbs) { return pbs ? pbsAccess : pveAccess; }

    long nowEpoch() { return clock().millis() / 1000; }

    /** Adds a storage with the options PVE writes for its type: a dir's {@code path}, an rbd's {@code pool} and {@code krbd}. */
    static Storage addStorage(Cluster c, String sid, String type, String content, boolean shared, Site pbsSite) {
        Storage s = new Storage();
        s.id = sid;
        s.type = type;
        s.content = content;
        s.shared = shared;
        s.pbsSite = pbsSite;
        if (type.equals("dir")) s.config.put("path", "/var/lib/vz");
        if (type.equals("rbd")) {
            s.config.put("pool", sid);
            s.config.put("krbd", 0);
        }
        c.storages.put(sid, s);
        return s;
    }

    /** A pbs storage's connection options, in the order PVE lists them; null ones (port, fingerprint not given) are left out. */
    static void pbsOptions(Storage st, String server, Integer port, String datastore, String username, String fingerprint) {
        st.config.put("server", server);
        if (port != null) st.config.put("port", port);
        st.config.put("datastore", datastore);
        if (username != null) st.config.put("username", username);
        if (fingerprint != null) st.config.put("fingerprint", fingerprint);
    }

    /**
     * Once the store's PBS listens: its pbs storage names it (address, port, fingerprint) and holds the store's initial PBS token,
     * the token id as {@code username} and its secret as the password.
     */
    void pbsBound() {
        Storage st = home.storages.get(PVE_STORAGE);
        if (st == null) return;
        pbsOptions(st, "127.0.0.1", pbsServer.port, DATASTORE, creds.pbsTokenId(), pbsServer.cert.fingerprint());
        st.password = creds.pbsSecret();
    }

    /** A Proxmox MAC address (BC:24:11 is Proxmox's prefix), deterministic per site and key. */
    String mac(String key) {
        byte[] h = Certs.sha256("mac|" + lab.options().seed() + "|" + id + "|" + key);
        return String.format("BC:24:11:%02X:%02X:%02X", h[0] & 0xff, h[1] & 0xff, h[2] & 0xff);
    }

    String freshMac(int vmid) { return mac("fresh|" + vmid + "|" + (++macCounter)); }

    private Map<String, String> seedConfig(Guest g, String name, int memoryMiB, int diskGiB, int cores) {
        Map<String, String> c = new LinkedHashMap<>();
        String mac = mac(g.vmid + "|net0");
        if (g.qemu()) {
            c.put("agent", "1");
            c.put("boot", "order=scsi0;net0");
            c.put("cores", String.valueOf(cores));
            c.put("cpu", "x86-64-v2-AES");
            c.put("description", name + " (" + g.role + ") of " + id);
            c.put("memory", String.valueOf(memoryMiB));
            c.put("meta", "creation-qemu=10.1.2,ctime=" + (bootEpoch + g.vmid));
            c.put("name", name);
            c.put("net0", "virtio=" + mac + ",bridge=vmbr0,firewall=1");
            c.put("numa", "0");
            c.put("ostype", "l26");
            c.put("scsi0", "ceph-vm:vm-" + g.vmid + "-disk-0,iothread=1,size=" + diskGiB + "G");
            c.put("scsihw", "virtio-scsi-single");
            c.put("smbios1", "uuid=" + Certs.uuid("smbios|" + id + "|" + g.vmid));
            c.put("sockets", "1");
            c.put("tags", withBundleTag(g.role, bundleVersion));
            c.put("vmgenid", Certs.uuid("vmgenid|" + id + "|" + g.vmid).toString());
        } else {
            c.put("arch", "amd64");
            c.put("cores", String.valueOf(cores));
            c.put("description", name + " (" + g.role + ") of " + id);
            c.put("features", "nesting=1");
            c.put("hostname", name);
            c.put("memory", String.valueOf(memoryMiB));
            c.put("net0", "name=eth0,bridge=vmbr0,firewall=1,hwaddr=" + mac + ",ip=dhcp,type=veth");
            c.put("onboot", "1");
            c.put("ostype", "debian");
            c.put("rootfs", "ceph-vm:vm-" + g.vmid + "-disk-0,size=" + diskGiB + "G");
            c.put("swap", "512");
            c.put("tags", withBundleTag(g.role, bundleVersion));
            c.put("unprivileged", "1");
        }
        return c;
    }

    /** PVE's tag format ({@code pve-tag}). */
    static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("(?i)[a-z0-9_][a-z0-9_\\-+.]*");
    static final String BUNDLE_TAG_PREFIX = "bundle-";

    /** The bundle tag of a version, {@code bundle-2026.11.0}; fails for a version that makes no valid PVE tag. */
    static String bundleTag(String version) {
        String tag = BUNDLE_TAG_PREFIX + version;
        if (version == null || version.isEmpty() || !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("bundle version '" + version + "' does not make a valid PVE tag (" + TAG.pattern() + ")");
        }
        return tag;
    }

    /**
     * A config's {@code tags} with the bundle tag of {@code version} instead of any other {@code bundle-*} tag, other tags kept;
     * sorted and without duplicates, as PVE writes tags (datacenter {@code tag-style} ordering defaults to alphabetical).
     */
    static String withBundleTag(String tags, String version) {
        String bundle = bundleTag(version);
        TreeMap<String, String> byLower = new TreeMap<>();
        if (tags != null) {
            for (String t : tags.split("[;,\\s]+")) {
                if (t.isEmpty() || t.toLowerCase(java.util.Locale.ROOT).startsWith(BUNDLE_TAG_PREFIX)) continue;
                byLower.putIfAbsent(t.toLowerCase(java.util.Locale.ROOT), t);
            }
        }
        byLower.put(bundle.toLowerCase(java.util.Locale.ROOT), bundle);
        return String.join(";", byLower.values());
    }

    /**
     * "The store already runs {@code version}": as a finished patch wave would leave it, every (unlocked) guest of the site's own
     * gets the bundle tag of the version and runs it (restored copies of other sites' guests keep the tag of their backup).
     */
    void setBundleVersion(String version) {
        bundleTag(version);
        bundleVersion = version;
        for (Cluster c : clusters()) {
            for (Guest g : c.guests.values()) {
                if (!id.equals(g.origin) || g.lock != null) continue;
                g.config.put("tags", withBundleTag(g.config.get("tags"), version));
                g.runningBundle = version;
            }
        }
    }

    /** Counts one mutating operation of a client (exactly-once checks): kind, and the guest, node or flag it was for. */
    void countOperation(String kind, String target) {
        operations.computeIfAbsent(kind, k -> new TreeMap<>()).merge(target, 1, Integer::sum);
    }

    LabInspection.Operations operationCounts() {
        Map<String, Integer> byKind = new TreeMap<>();
        Map<String, Map<String, Integer>> byTarget = new TreeMap<>();
        operations.forEach((k, m) -> {
            byKind.put(k, m.values().stream().mapToInt(Integer::intValue).sum());
            byTarget.put(k, new TreeMap<>(m));
        });
        return new LabInspection.Operations(byKind, byTarget);
    }

    int nextExecPid() { return ++execPid; }

    /** Why the guest cannot start on its node (a bridge of its interfaces does not exist there), or null. */
    String bridgeProblem(Guest g) {
        NodeState ns = nodeStates.get(g.node);
        for (String b : g.bridges()) {
            Map<String, Object> i = ns == null ? null : ns.ifaces.get(b);
            if (i == null || !"bridge".equals(i.get("type"))) return "bridge '" + b + "' does not exist";
        }
        return null;
    }

    /**
     * The guest is now running: records the start with the bridges of its interfaces. Its pull agent reads the guest's bundle tag
     * (the desired bundle) and installs it: from now on the guest runs that version.
     */
    void started(Guest g) {
        String desired = bundleOfTags(g.config.get("tags"));
        if (desired != null) g.runningBundle = desired;
        g.status = "running";
        g.startedAt = nowEpoch();
        g.runningSinceMillis = clock().millis();
        NodeState ns = nodeStates.get(g.node);
        List<String> bridges = g.bridges();
        List<String> uplinked = new ArrayList<>();
        for (String b : bridges) {
            Map<String, Object> i = ns == null ? null : ns.ifaces.get(b);
            Object ports = i == null ? null : i.get("bridge_ports");
            if (ports != null && !ports.toString().isBlank()) uplinked.add(b);
        }
        boolean foreign = g.origin != null && !g.origin.equals(id);
        starts.add(new LabInspection.GuestStart(clock().instant(), g.vmid, g.name(), g.type, g.node, g.origin, g.originVmid, bridges,
                uplinked, foreign && !uplinked.isEmpty()));
    }

    /** A VM resumed from a snapshot's saved RAM: running at once, on the bundle that RAM held (its agent never stopped). */
    void resumed(Guest g) {
        String held = g.runningBundle;
        started(g);
        g.runningBundle = held;
        g.runningSinceMillis = 0;
    }

    /** Whether the site the guest comes from has the given fault for it (noBoot, failProbe): faults follow restores. */
    boolean originFault(Guest g, java.util.function.Function<FaultState, Set<Integer>> which) {
        Site o = g.origin == null ? this : lab.site(g.origin);
        if (o == null) return false;
        synchronized (o) {
            return which.apply(o.faults).contains(g.originVmid);
        }
    }

    /** Nominal seconds from a guest's start until its guest agent (VM) or network (container) is up. */
    static double bootSeconds(Guest g) { return g.qemu() ? 30 : 10; }

    /** Running, booted (nominal boot time x time scale) and not hit by noBoot. */
    boolean booted(Guest g) {
        if (!g.status.equals("running")) return false;
        if (clock().millis() < g.runningSinceMillis + (long) (bootSeconds(g) * 1000 * lab.options().timeScale())) return false;
        return !originFault(g, f -> f.noBoot);
    }

    LabInspection inspect() {
        settle();
        List<LabInspection.NodeInfo> ni = new ArrayList<>();
        for (NodeState ns : nodeStates.values()) {
            List<String> bridges = new ArrayList<>();
            for (Map<String, Object> i : ns.ifaces.values()) if ("bridge".equals(i.get("type"))) bridges.add((String) i.get("iface"));
            ni.add(new LabInspection.NodeInfo(ns.name, nodeOnline(ns.name), reinstalling(ns.name), ns.cluster.name, bridges,
                    powerDown(ns.name), ns.packages, ns.runningKernel));
        }
        List<LabInspection.GuestInfo> gi = new ArrayList<>();
        for (Cluster c : clusters()) {
            for (Guest g : c.guests.values()) {
                String tags = g.config.get("tags");
                List<String> snapshots = new ArrayList<>();
                for (Snapshot sn : g.snapshots) snapshots.add(sn.name);
                gi.add(new LabInspection.GuestInfo(g.vmid, g.name(), g.type, g.node, g.status, g.origin, g.originVmid, g.bridges(), g.lock,
                        g.runningBundle, tags == null ? List.of() : List.of(tags.split(";")), snapshots));
            }
        }
        List<LabInspection.GuestStart> breaches = new ArrayList<>();
        for (LabInspection.GuestStart s : starts) if (s.isolationBreach()) breaches.add(s);
        return new LabInspection(id, ni, gi, starts, breaches, List.copyOf(home.cephFlags), operationCounts());
    }

    static long guestBackupSize(int vmid) {
        for (String[] g : GUESTS) if (Integer.parseInt(g[0]) == vmid) return (Long.parseLong(g[6]) << 30) / 5 + vmid * 7919L;
        return 2L << 30;
    }

    /** Nightly history: 14 nights at 01:00 local (+ a few seconds per vmid); all verified but the newest. */
    private void seedBackups() {
        ZonedDateTime now = clock().instant().atZone(tz);
        LocalDate newest = now.toLocalTime().isBefore(LocalTime.of(1, 5)) ? now.toLocalDate().minusDays(1) : now.toLocalDate();
        int verifyPid = 0x2000;
        for (int k = 13; k >= 0; k--) {
            LocalDate day = newest.minusDays(k);
            long base = day.atTime(1, 0).atZone(tz).toEpochSecond();
            for (Guest g : home.guests.values()) {
                Snap s = new Snap();
                s.type = g.type.equals("qemu") ? "vm" : "ct";
                s.vmid = g.vmid;
                s.time = base + 12 + (g.vmid - 100) * 41L;
                s.size = guestBackupSize(g.vmid) + k * 1_048_576L * (g.vmid % 7 + 1);
                if (k > 0) {
                    s.state = "ok";
                    long vt = day.atTime(2, 0).atZone(tz).toEpochSecond() + (g.vmid - 100) * 60L;
                    s.upid = pbsUpid(verifyPid++, vt, "verify_snapshot", DATASTORE + ":" + s.type + "/" + s.vmid + "/" + String.format("%08X", s.time));
                }
                snaps.add(s);
            }
        }
        for (Guest g : home.guests.values()) {
            String group = (g.type.equals("qemu") ? "vm/" : "ct/") + g.vmid;
            setGroupOwner(DATASTORE, group, creds.pbsTokenId());
            setGroupOwner(OFFSITE, group, creds.pbsTokenId());
        }
        ZonedDateTime sync = now.toLocalDate().atTime(3, 0).atZone(tz);
        if (sync.isAfter(now)) sync = sync.minusDays(1);
        syncLastRun = sync.toEpochSecond();
        syncLastUpid = pbsUpid(0x3000, syncLastRun, "syncjob", DATASTORE + ":" + OFFSITE + ":" + SYNC_JOB);
    }

    static String escapeWorkerId(String id) {
        StringBuilder b = new StringBuilder();
        for (char c : id.toCharArray()) {
            if (c == '/') b.append('-');
            else if (Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '.') b.append(c);
            else b.append(String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }

    String pbsUpid(int pid, long start, String type, String workerId) {
        return String.format("UPID:%s:%08X:%08X:%08X:%08X:%s:%s:%s:", PBS_HOST, pid, 0x100000 + pid, 0, start, type,
                escapeWorkerId(workerId), creds.pbsTokenId());
    }

    /** Creates a task; its duration is nominalSeconds x timeScale; onComplete runs when it ends and returns the exit status. */
    Task task(boolean pbs, String node, String type, String tid, String user, double nominalSeconds, List<String> log, Function<Task, String> onComplete) {
        Task t = new Task();
        t.pbs = pbs;
        t.node = pbs ? PBS_HOST : node;
        t.type = type;
        t.id = tid == null ? "" : tid;
        t.user = user;
        t.pid = ++pidCounter + 0x10000;
        t.pstart = 0x1000000 + (int) ((nowEpoch() - bootEpoch) * 100 & 0xfffffff);
        t.startMillis = clock().millis();
        t.startEpoch = t.startMillis / 1000;
        t.endMillis = t.startMillis + (long) (nominalSeconds * 1000 * lab.options().timeScale());
        if (pbs) {
            t.upid = String.format("UPID:%s:%08X:%08X:%08X:%08X:%s:%s:%s:", t.node, t.pid, t.pstart, tasks.size(), t.startEpoch, type, escapeWorkerId(t.id), user);
        } else {
            t.upid = String.format("UPID:%s:%08X:%08X:%08X:%s:%s:%s:", t.node, t.pid, t.pstart, t.startEpoch, type, t.id, user);
        }
        if (log != null) t.log.addAll(log);
        t.onComplete = onComplete;
        tasks.put(t.upid, t);
        settle();
        return t;
    }

    /** Completes every task whose end time has passed; nodes whose reboot is over boot. */
    void settle() {
        long now = clock().millis();
        for (NodeState ns : nodeStates.values()) if (ns.bootPending && !powerDown(ns.name) && !reinstalling(ns.name)) boot(ns);
        for (Task t : new ArrayList<>(tasks.values())) {
            if (t.done || now < t.endMillis) continue;
            t.done = true;
            String exit;
            try {
                exit = t.onComplete == null ? "OK" : t.onComplete.apply(t);
            } catch (RuntimeException e) {
                exit = e.getMessage();
            }
            t.exitstatus = exit;
            t.endEpoch = Math.max(t.startEpoch, t.endMillis / 1000);
            t.log.add(exit.equals("OK") ? "TASK OK" : exit.startsWith("WARNINGS") ? "TASK " + exit : "TASK ERROR: " + exit);
        }
    }

    /** Stops a running task as a signal would: exit status, log line, and its clean-up. */
    void abort(Task t, String exit) {
        if (t.done) return;
        t.done = true;
        t.exitstatus = exit;
        t.endMillis = clock().millis();
        t.endEpoch = Math.max(t.startEpoch, t.endMillis / 1000);
        if (exit.equals("interrupted by signal")) t.log.add("received interrupt");
        t.log.add("TASK ERROR: " + exit);
        if (t.onAbort != null) t.onAbort.accept(t);
    }

    /** Whether the task is still known: a node's reinstall forgets the tasks it ran before. */
    boolean visible(Task t) {
        NodeState ns = nodeStates.get(t.node);
        return ns == null || t.startMillis >= ns.installedAtMillis;
    }

    boolean nodeOnline(String node) {
        return !faults.offline.contains(node) && !faults.unreachable && !reinstalling(node) && !powerDown(node);
    }

    /** Whether more than half of the cluster's members are online (a standalone node always is). */
    boolean quorate(Cluster c) {
        if (!c.clustered()) return true;
        int online = 0;
        for (String n : c.members) if (nodeOnline(n)) online++;
        return online * 2 > c.members.size();
    }

    /** Rebooting or shut down through the API. */
    boolean powerDown(String node) {
        NodeState ns = nodeStates.get(node);
        return ns != null && (ns.poweredOff || clock().millis() < ns.offUntilMillis);
    }

    /**
     * {@code POST /nodes/{node}/status command=reboot|shutdown}: the node goes down at once (its guests stop, as pve-guests' stop-all
     * does, and the tasks it runs end); after a reboot it is up again {@link #REBOOT_SECONDS} x time scale later, on the newest
     * installed kernel, and starts its {@code onboot} guests. A shut-down node stays off until {@link #powerOn}.
     */
    void powerOff(String node, boolean reboot) {
        NodeState ns = nodeStates.get(node);
        settle();
        for (Task t : tasks.values()) if (!t.done && !t.pbs && t.node.equals(node)) abort(t, "interrupted by signal");
        for (Guest g : ns.cluster.guests.values()) if (g.node.equals(node) && g.status.equals("running")) g.status = "stopped";
        ns.bootPending = true;
        ns.closeAfterNanos = System.nanoTime() + CLOSE_GRACE_NANOS;
        if (reboot) bootAgain(ns);
        else ns.poweredOff = true;
    }

    /** Powers a shut-down node on again: down for {@link #REBOOT_SECONDS} x time scale while it boots. */
    void powerOn(String node) {
        NodeState ns = nodeStates.get(node);
        if (ns.poweredOff) {
            ns.poweredOff = false;
            bootAgain(ns);
        }
    }

    private void bootAgain(NodeState ns) {
        ns.offUntilMillis = clock().millis() + (long) (REBOOT_SECONDS * 1000 * lab.options().timeScale());
        ns.runningKernel = AptApi.bootKernel(ns.packages, ns.runningKernel); // the boot loader's default: the newest installed
        ns.bootEpoch = ns.offUntilMillis / 1000;
    }

    /** The node is up again: pve-guests starts its guests marked {@code onboot} (their pull agents run). */
    private void boot(NodeState ns) {
        ns.bootPending = false;
        for (Guest g : ns.cluster.guests.values()) {
            if (!g.node.equals(ns.name) || !g.status.equals("stopped") || g.lock != null) continue;
            if (intOf(g.config.get("onboot"), 0) == 1) PveApi.start(this, g);
        }
    }

    Snap newest(int vmid) {
        Snap best = null;
        for (Snap s : snaps) if (s.vmid == vmid && (best == null || s.time > best.time)) best = s;
        return best;
    }

    Snap findSnap(String type, int vmid, long time) {
        for (Snap s : snaps) if (s.vmid == vmid && s.time == time && (type == null || s.type.equals(type))) return s;
        return null;
    }

    /** The backup group of a snapshot, {@code vm/101}. */
    static String group(Snap s) { return s.type + "/" + s.vmid; }

    /** The owner of a backup group of the datastore, null when the group was never created. */
    String groupOwner(String datastore, String group) {
        String owner = groupOwners.getOrDefault(datastore, Map.of()).get(group);
        return owner == null && OFFSITE.equals(datastore) ? creds.pbsTokenId() : owner;
    }

    void setGroupOwner(String datastore, String group, String owner) {
        groupOwners.computeIfAbsent(datastore, k -> new HashMap<>()).put(group, owner);
    }

    /** Every PBS snapshot of {@code store} synced to the offsite datastore (older than the last sync run). */
    List<Snap> offsiteSnaps() {
        List<Snap> l = new ArrayList<>();
        for (Snap s : snaps) if (s.time <= syncLastRun) l.add(s);
        return l;
    }

    long syncBacklog() {
        return snaps.size() - offsiteSnaps().size();
    }
}
