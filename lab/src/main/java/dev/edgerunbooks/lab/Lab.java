package dev.edgerunbooks.lab;

import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;

import java.net.URI;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * A simulated fleet of Proxmox VE / PBS stores (plus one staging cluster per region) speaking the public HTTP APIs,
 * with fault injection ({@link #faults(String)}) and SLO metrics. Start with {@link #start(LabOptions)}; close to stop.
 */
public final class Lab implements AutoCloseable {

    /** Region id and time zone, assigned round-robin to stores. */
    public record Region(String id, String timeZone) {}

    public static final List<Region> REGIONS = List.of(
            new Region("eu-central", "Europe/Berlin"),
            new Region("eu-west", "Europe/London"),
            new Region("us-east", "America/New_York"),
            new Region("us-west", "America/Los_Angeles"));

    public static final List<String> PVE_NODES = List.of("pve1", "pve2", "pve3");
    public static final List<String> STAGING_NODES = List.of("stg1", "stg2", "stg3");

    /**
     * What an out-of-band host upgrade did.
     *
     * @param changed some package version was installed that was not installed before
     * @param rebootRequired the newest installed kernel is not the one running: only a reboot runs it
     */
    public record UpgradeResult(boolean changed, boolean rebootRequired) {}

    private final LabOptions options;
    private final EventLoopGroup group;
    private final Map<String, Site> sites = new LinkedHashMap<>();
    private final Map<Integer, Site> byPbsPort = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> storeIds = new ArrayList<>();
    private AdminServer admin;
    private VaultServer vault;
    private final java.util.Set<Site> pendingComebacks = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> badBundles = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ScheduledExecutorService ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lab-ticker");
        t.setDaemon(true);
        return t;
    });

    private Lab(LabOptions options) {
        this.options = options;
        this.group = new MultiThreadIoEventLoopGroup(Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors())), NioIoHandler.newFactory());
    }

    /** Starts the fleet: every node and PBS listens when this returns. */
    public static Lab start(LabOptions options) {
        Lab lab = new Lab(options);
        try {
            lab.boot();
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    private void boot() {
        int n = options.stores();
        int base = options.basePort();
        for (int i = 1; i <= n; i++) {
            Region r = REGIONS.get((i - 1) % REGIONS.size());
            String id = String.format("store-%04d", i);
            String wave = i <= 5 ? "canary" : i <= 55 ? "wave-1" : i <= 255 ? "wave-2" : "wave-3";
            Site s = new Site(this, id, r.id(), ZoneId.of(r.timeZone()), false, i <= 5, wave, i, PVE_NODES);
            sites.put(id, s);
            storeIds.add(id);
        }
        if (options.staging()) {
            for (Region r : REGIONS) {
                String id = "staging-" + r.id();
                sites.put(id, new Site(this, id, r.id(), ZoneId.of(r.timeZone()), true, false, "staging", n + 1 + REGIONS.indexOf(r), STAGING_NODES));
            }
        }
        // certificates are the expensive part: build them in parallel
        List<Site> all = new ArrayList<>(sites.values());
        List<NodeServer> servers = Collections.synchronizedList(new ArrayList<>());
        IntStream.range(0, all.size()).parallel().forEach(k -> {
            Site s = all.get(k);
            int slot = base == 0 ? -1 : base + k * 4;
            for (int j = 0; j < s.nodes.size(); j++) {
                String node = s.nodes.get(j);
                NodeServer ns = new NodeServer(s, node, false, slot < 0 ? 0 : slot + j, Certs.create(options.seed(), s.id, node));
                synchronized (s) {
                    s.servers.put(node, ns);
                }
                servers.add(ns);
            }
            if (!s.staging) {
                NodeServer pbs = new NodeServer(s, Site.PBS_HOST, true, slot < 0 ? 0 : slot + 3, Certs.create(options.seed(), s.id, Site.PBS_HOST));
                s.pbsServer = pbs;
                servers.add(pbs);
            }
        });
        for (Site s : all) { // keep node order stable
            Map<String, NodeServer> ordered = new LinkedHashMap<>();
            for (String node : s.nodes) ordered.put(node, s.servers.get(node));
            s.servers.clear();
            s.servers.putAll(ordered);
        }
        List<ChannelFuture> binds = new ArrayList<>();
        for (NodeServer ns : servers) binds.add(ns.bind());
        for (ChannelFuture f : binds) {
            f.syncUninterruptibly();
        }
        for (Site s : all) {
            if (s.pbsServer == null) continue;
            byPbsPort.put(s.pbsServer.port, s);
            synchronized (s) {
                s.pbsBound();
            }
        }
        admin = new AdminServer(this);
        admin.bind(options.adminPort());
        vault = new VaultServer(this);
        vault.start(options.resolvedVaultPort());
        ticker.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                // a failed re-bind is tried again at the next tick
            }
        }, 100, 100, TimeUnit.MILLISECONDS);
    }

    EventLoopGroup group() { return group; }

    /** Where {@code basePort=0} ports come from: above the default lab's fixed ports (20000…22100), below the ephemeral range. */
    static final int RANDOM_PORTS_FROM = 23000, RANDOM_PORTS_TO = 32700;
    private int portCursor = RANDOM_PORTS_FROM + java.util.concurrent.ThreadLocalRandom.current().nextInt(RANDOM_PORTS_TO - RANDOM_PORTS_FROM);
    private int portsHandedOut;

    /**
     * The next port to try for a node when {@code basePort=0}, or -1 once the range is used up (then the kernel picks one).
     * Ports below the ephemeral range (32768+) cannot be taken by some process's outgoing connection while a node's port is
     * closed (unreachable, reinstall), so binding it again works.
     */
    synchronized int nextPortCandidate() {
        if (portsHandedOut++ >= RANDOM_PORTS_TO - RANDOM_PORTS_FROM) return -1;
        int p = portCursor++;
        if (portCursor >= RANDOM_PORTS_TO) portCursor = RANDOM_PORTS_FROM;
        return p;
    }

    public LabOptions options() { return options; }

    /** Store ids, {@code store-0001}… (staging clusters excluded). */
    public List<String> storeIds() { return Collections.unmodifiableList(storeIds); }

    /** Ids of the staging clusters, {@code staging-eu-central}… */
    public List<String> stagingIds() {
        List<String> l = new ArrayList<>();
        for (Site s : sites.values()) if (s.staging) l.add(s.id);
        return l;
    }

    /** Base URI of the admin API, e.g. {@code http://127.0.0.1:19999}. */
    public URI adminUri() { return URI.create("http://127.0.0.1:" + admin.port()); }

    /**
     * The API tokens a store or staging cluster starts with (PVE and PBS, each with a managing role on {@code /}) and its root
     * login. Tokens created or deleted through the API since are in {@link #tokens}.
     */
    public LabCredentials credentials(String siteId) { return site(siteId, true).creds; }

    /** Fault injection of a store or staging cluster. */
    public Faults faults(String siteId) { return new Faults(this, site(siteId, true)); }

    /** PVE API base URI of a node, {@code https://127.0.0.1:<port>/api2/json}. */
    public URI pveUri(String siteId, String node) {
        NodeServer ns = site(siteId, true).servers.get(node);
        if (ns == null) throw new NoSuchElementException("no node " + node + " in " + siteId);
        return URI.create(ns.endpoint() + "/api2/json");
    }

    /** PBS API base URI of a store. */
    public URI pbsUri(String storeId) {
        Site s = site(storeId, true);
        if (s.pbsServer == null) throw new NoSuchElementException(storeId + " has no PBS");
        return URI.create(s.pbsServer.endpoint() + "/api2/json");
    }

    /**
     * SHA-256 fingerprint ({@code AA:BB:…}) of the certificate a node (or {@code pbs}) serves now: its own, or the custom one
     * uploaded through {@code POST /nodes/{node}/certificates/custom} once pveproxy restarted.
     */
    public String fingerprint(String siteId, String node) {
        Site s = site(siteId, true);
        NodeServer ns = Site.PBS_HOST.equals(node) ? s.pbsServer : s.servers.get(node);
        if (ns == null) throw new NoSuchElementException("no node " + node + " in " + siteId);
        return ns.served().fingerprint();
    }

    /** The certificate a PVE node serves now and its certificate files (the default {@code pve-ssl.pem}, a custom one). */
    public LabInspection.NodeCertificate certificate(String siteId, String node) {
        Site s = site(siteId, true);
        NodeServer ns = s.servers.get(node);
        if (ns == null) throw new NoSuchElementException("no node " + node + " in " + siteId);
        synchronized (s) {
            Certs.NodeCert custom = s.nodeStates.get(node).customCert;
            return new LabInspection.NodeCertificate(node, ns.served().fingerprint(), ns.cert.fingerprint(), custom != null,
                    custom == null ? null : custom.fingerprint());
        }
    }

    /** API tokens (never their secrets) and ACLs of a store's PVE cluster and PBS, or of a staging cluster (no PBS). */
    public LabInspection.Tokens tokens(String siteId) {
        Site s = site(siteId, true);
        synchronized (s) {
            return new LabInspection.Tokens(siteId, s.pveAccess.inspect(s.nowEpoch()), s.pbsAccess == null ? null : s.pbsAccess.inspect(s.nowEpoch()));
        }
    }

    /** Address of the Vault stand-in ({@link VaultServer}: KV v2 at {@code secret/}, PKI at {@code pki/}), {@code http://127.0.0.1:<port>}. */
    public String vaultAddress() { return vault.address(); }

    /** The Vault stand-in's root token, derived from the seed ({@code hvs.…}). */
    public String vaultToken() { return vault.token(); }

    /** Fault injection of the Vault stand-in: sealed, unreachable. */
    public VaultFaults vaultFaults() { return vault.faults; }

    /** How many requests the Vault stand-in got for paths (after {@code /v1/}) starting with the prefix; {@code ""} counts all. */
    public long vaultRequests(String pathPrefix) { return vault.requests(pathPrefix); }

    VaultServer vault() { return vault; }

    /** Prometheus text of every store, or of one. */
    public String metrics(String siteId) {
        return Metrics.render(siteId == null ? stores() : List.of(site(siteId, true)));
    }

    /** The fleet definition (YAML) of this lab. */
    public String fleetYaml() { return FleetYaml.render(this); }

    Site site(String id) { return sites.get(id); }

    Site site(String id, boolean required) {
        Site s = sites.get(id);
        if (s == null && required) throw new NoSuchElementException("no store " + id);
        return s;
    }

    Site siteByPbsPort(int port) { return byPbsPort.get(port); }

    Collection<Site> allSites() { return sites.values(); }

    List<Site> stores() {
        List<Site> l = new ArrayList<>();
        for (Site s : sites.values()) if (!s.staging) l.add(s);
        return l;
    }

    /**
     * What {@link #inspect(String)} sees on a store or staging cluster: nodes, guests (with origin, bridges, lock), every guest
     * start and the isolation breaches among them.
     */
    public LabInspection inspect(String siteId) {
        Site s = site(siteId, true);
        applyListening(s); // a node whose reinstall is over comes back now, not at the next tick
        synchronized (s) {
            return s.inspect();
        }
    }

    /**
     * Reinstalls a node from bare metal: it leaves its cluster (its guests, Ceph daemons and OSDs go with it), its port refuses
     * connections for a nominal 600 s x time scale, then it answers again with its own certificate (a custom one is gone) as a
     * fresh standalone node: no cluster, no Ceph, storage {@code local} only, network {@code vmbr0} only, no guests.
     */
    public void reinstall(String siteId, String node) {
        Site s = site(siteId, true);
        if (!s.nodes.contains(node)) throw new NoSuchElementException("no node " + node + " in " + siteId);
        synchronized (s) {
            s.reinstall(node);
        }
        synchronized (this) {
            s.servers.get(node).close();
            pendingComebacks.add(s);
        }
        applyListening(s);
    }

    /**
     * Installs package versions on a node out of band, as {@code apt-get install pkg=version} over SSH would (PVE has no API for
     * it). Idempotent: versions already installed change nothing (and count as no {@code upgrade-node} operation). A kernel
     * package runs only after the node's next reboot ({@code RunningKernel}).
     *
     * @param packages package name to version
     * @throws ApiException 409 when the node is down (rebooting, shut down, offline, reinstalling), 500 with dpkg's message
     *                      when {@link Faults#failUpgrade} is set for the node (nothing is installed then)
     * @throws IllegalArgumentException for a malformed package name or version
     */
    public UpgradeResult upgradeNode(String siteId, String node, Map<String, String> packages) {
        Site s = site(siteId, true);
        synchronized (s) {
            return AptApi.upgrade(s, node, packages);
        }
    }

    /** Powers on a node shut down through {@code POST /nodes/{node}/status command=shutdown}: it boots (60 s x time scale). */
    public void powerOn(String siteId, String node) {
        Site s = site(siteId, true);
        if (!s.nodes.contains(node)) throw new NoSuchElementException("no node " + node + " in " + siteId);
        synchronized (s) {
            s.powerOn(node);
        }
        watchPower(s);
    }

    /**
     * Marks a bundle version bad (or good again), fleet-wide: while a running guest of a store runs a bad bundle, the store's SLO
     * metrics degrade (TTFB p95 x4, POS latency x3, cache hit ratio -0.25). Guest agent probes still pass.
     */
    public Lab badBundle(String version, boolean bad) {
        Site.bundleTag(version); // a version no guest can be tagged with is a mistake
        if (bad) badBundles.add(version);
        else badBundles.remove(version);
        return this;
    }

    /** The bundle versions marked bad. */
    public java.util.Set<String> badBundles() { return java.util.Set.copyOf(badBundles); }

    boolean isBad(String version) { return version != null && badBundles.contains(version); }

    /** How many mutating operations clients made on a store, by kind and by guest, node or flag (exactly-once checks). */
    public LabInspection.Operations operations(String siteId) {
        Site s = site(siteId, true);
        synchronized (s) {
            return s.operationCounts();
        }
    }

    /** Forgets a store's operation counts. */
    public void resetOperations(String siteId) {
        Site s = site(siteId, true);
        synchronized (s) {
            s.operations.clear();
        }
    }

    /** A node of the site went down through the API: close its port (after the answer went out) and bring it back when up. */
    void watchPower(Site s) {
        pendingComebacks.add(s);
    }

    /** Brings back nodes whose reinstall or reboot is over, closes those going down (runs every 100 ms off the event loop). */
    private void tick() {
        for (Site s : List.copyOf(pendingComebacks)) {
            boolean waiting = false;
            synchronized (s) {
                for (String n : s.nodes) {
                    Site.NodeState st = s.nodeStates.get(n);
                    // a reboot ends by the clock; a shut-down node only needs its port closed
                    waiting |= s.reinstalling(n) || s.powerDown(n) && (!st.poweredOff || s.servers.get(n).listening());
                }
            }
            applyListening(s);
            if (!waiting) pendingComebacks.remove(s);
        }
    }

    /** Binds or closes the site's ports to match its faults, reinstalls and reboots. */
    synchronized void applyListening(Site s) {
        List<NodeServer> all = new ArrayList<>(s.servers.values());
        if (s.pbsServer != null) all.add(s.pbsServer);
        for (NodeServer ns : all) {
            boolean want;
            synchronized (s) {
                Site.NodeState st = ns.pbs ? null : s.nodeStates.get(ns.node);
                boolean off = st != null && s.powerDown(ns.node);
                if (off && System.nanoTime() < st.closeAfterNanos && !s.faults.unreachable) continue; // still answering the reboot call
                want = !s.faults.unreachable && (ns.pbs || !s.faults.offline.contains(ns.node) && !s.reinstalling(ns.node) && !off);
            }
            if (want && !ns.listening()) bindAgain(ns);
            else if (!want && ns.listening()) ns.close();
        }
    }

    /** Re-binds a node's port; the kernel may hold it for a moment after it was closed. */
    private static void bindAgain(NodeServer ns) {
        for (int attempt = 1; ; attempt++) {
            ChannelFuture f = ns.bind().awaitUninterruptibly();
            if (f.isSuccess()) return;
            Throwable cause = f.cause();
            if (!(cause instanceof java.net.BindException) || attempt >= 50) {
                throw new IllegalStateException("cannot bind " + ns.node + " of " + ns.site.id + " to port " + ns.port + ": " + cause, cause);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted re-binding " + ns.node, ie);
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        if (admin != null) admin.close();
        if (vault != null) vault.stop();
        // shutting the group down closes every server and client channel at once
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
