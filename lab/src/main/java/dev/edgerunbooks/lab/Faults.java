package dev.edgerunbooks.lab;

import java.time.Duration;
import java.util.Map;

/** Fault injection for one store (or staging cluster). Every method returns {@code this} for chaining. */
public final class Faults {
    private final Lab lab;
    private final Site site;

    Faults(Lab lab, Site site) {
        this.lab = lab;
        this.site = site;
    }

    /** The newest PBS snapshot of the guest becomes unverified and its next verify fails. */
    public Faults corruptNewestBackup(int vmid) {
        synchronized (site) {
            Site.Snap s = site.newest(vmid);
            if (s == null) throw new IllegalArgumentException("no backup of guest " + vmid + " in " + site.id);
            s.state = null;
            s.upid = null;
            s.corrupt = true;
        }
        return this;
    }

    /** Closes (true) or re-binds (false) every port of the store: connections are refused. */
    public Faults unreachable(boolean enabled) {
        synchronized (site) {
            site.faults.unreachable = enabled;
        }
        lab.applyListening(site);
        return this;
    }

    /** Takes one node offline: its port refuses connections; the others report it {@code online:0} and answer 595 for it. */
    public Faults nodeOffline(String node, boolean offline) {
        if (!site.nodes.contains(node)) throw new IllegalArgumentException("no node " + node + " in " + site.id);
        synchronized (site) {
            if (offline) site.faults.offline.add(node);
            else site.faults.offline.remove(node);
        }
        lab.applyListening(site);
        return this;
    }

    /** A share of API calls fails with a 500, and every call is delayed. */
    public Faults apiErrors(double errorRate, Duration latency) {
        site.faults.errorRate = errorRate;
        site.faults.latencyMs = latency == null ? 0 : latency.toMillis();
        return this;
    }

    /** The next restore of this guest's backups fails. */
    public Faults failRestore(int vmid) {
        synchronized (site) {
            site.faults.failRestore.add(vmid);
        }
        return this;
    }

    /** The guest (or a restore of it) never boots: a VM's guest agent never answers, a container's start fails. */
    public Faults noBoot(int vmid) {
        synchronized (site) {
            site.faults.noBoot.add(vmid);
        }
        return this;
    }

    /** The application probe of the guest (or of a restore of it) fails: guest agent commands exit 1 with an error message. */
    public Faults failProbe(int vmid) {
        synchronized (site) {
            site.faults.failProbe.add(vmid);
        }
        return this;
    }

    /**
     * The node's out-of-band upgrade ({@link Lab#upgradeNode}, admin {@code POST …/nodes/{node}/upgrade}) fails (true) or works
     * again (false): a run that would change something fails with dpkg's {@code dpkg: error processing package …} and installs
     * nothing.
     */
    public Faults failUpgrade(String node, boolean fail) {
        return nodeFault(node, fail, f -> f.failUpgrade);
    }

    /** Adds the node to (or removes it from) one of the site's per-node fault sets. */
    private Faults nodeFault(String node, boolean on, java.util.function.Function<Site.FaultState, java.util.Set<String>> which) {
        if (!site.nodes.contains(node)) throw new IllegalArgumentException("no node " + node + " in " + site.id);
        synchronized (site) {
            if (on) which.apply(site.faults).add(node);
            else which.apply(site.faults).remove(node);
        }
        return this;
    }

    /**
     * The node's next custom certificate upload ({@code POST /nodes/{node}/certificates/custom}) goes wrong (true), or no longer
     * (false): the upload is accepted and {@code certificates/info} lists the uploaded {@code pveproxy-ssl.pem}, but once pveproxy
     * restarts the node serves a different, broken certificate (self-signed, expired, {@code CN=broken}) instead. One-shot: the
     * fault clears when an upload takes it; a later upload (with {@code force}) or delete works again.
     */
    public Faults brokenCertificateAfterUpload(String node, boolean enabled) {
        return nodeFault(node, enabled, f -> f.brokenCertificate);
    }

    /** Overrides SLO metrics: keys ttfbP95Seconds, posLatencySeconds, cacheHitRatio, wanAvailabilityRatio, syncBacklog. */
    public Faults slo(Map<String, Double> overrides) {
        synchronized (site) {
            for (Map.Entry<String, Double> e : overrides.entrySet()) {
                if (!Metrics.SLO_KEYS.contains(e.getKey())) throw new IllegalArgumentException("unknown SLO key " + e.getKey() + ", expected one of " + Metrics.SLO_KEYS);
                if (e.getValue() == null) site.faults.slo.remove(e.getKey());
                else site.faults.slo.put(e.getKey(), e.getValue());
            }
        }
        return this;
    }

    /**
     * "The store already runs {@code version}": puts the tag {@code bundle-<version>} on the store's guests in place of their old
     * bundle tag (other tags are kept) and makes them run it ({@code edge_bundle_info}). A version that makes no valid PVE tag is
     * refused.
     */
    public Faults bundleVersion(String version) {
        synchronized (site) {
            site.setBundleVersion(version);
        }
        return this;
    }

    /** Clears every fault (corrupted snapshots stay unverified/failed but verify again fine). */
    public Faults clear() {
        synchronized (site) {
            site.faults.clear();
            for (Site.Snap s : site.snaps) s.corrupt = false;
        }
        lab.applyListening(site);
        return this;
    }
}
