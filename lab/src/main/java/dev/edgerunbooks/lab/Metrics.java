package dev.edgerunbooks.lab;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Per-store SLO metrics in the Prometheus text format. */
final class Metrics {
    static final List<String> SLO_KEYS = List.of("ttfbP95Seconds", "posLatencySeconds", "cacheHitRatio", "wanAvailabilityRatio", "syncBacklog");

    private Metrics() {}

    /** Deterministic noise in [-1, 1) from the seed, the store, the metric and the current minute. */
    static double noise(Site s, String metric) {
        long minute = s.clock().millis() / 60_000;
        byte[] h = Certs.sha256(s.lab.options().seed() + "|" + s.id + "|" + metric + "|" + minute);
        return ((h[0] & 0xff) << 8 | (h[1] & 0xff)) / 32768.0 - 1.0;
    }

    static String render(Collection<Site> sites) {
        StringBuilder b = new StringBuilder();
        metric(b, sites, "edge_ttfb_p95_seconds", "gauge", "95th percentile time to first byte of the store's web front, seconds", "ttfbP95Seconds");
        metric(b, sites, "edge_pos_latency_seconds", "gauge", "Point-of-sale transaction latency, seconds", "posLatencySeconds");
        metric(b, sites, "edge_cache_hit_ratio", "gauge", "Cache hit ratio of the store's cache", "cacheHitRatio");
        metric(b, sites, "edge_wan_availability_ratio", "gauge", "WAN link availability over the last hour", "wanAvailabilityRatio");
        metric(b, sites, "edge_sync_backlog", "gauge", "Backup snapshots not yet copied offsite", "syncBacklog");
        b.append("# HELP edge_bundle_info Patch bundle the store's guests run (value: how many guests run it)\n# TYPE edge_bundle_info gauge\n");
        for (Site s : sites) {
            Map<String, Integer> running;
            synchronized (s) {
                s.settle();
                running = bundles(s);
            }
            running.forEach((v, n) -> b.append("edge_bundle_info{store=\"").append(s.id).append("\",version=\"").append(v).append("\"} ")
                    .append(n).append('\n'));
        }
        return b.toString();
    }

    /** Guests of the store by the bundle they run (a stopped guest: the one it ran last, still on its disk). */
    static Map<String, Integer> bundles(Site s) {
        Map<String, Integer> m = new TreeMap<>();
        for (Site.Cluster c : s.clusters()) {
            for (Site.Guest g : c.guests.values()) if (g.runningBundle != null) m.merge(g.runningBundle, 1, Integer::sum);
        }
        return m;
    }

    /** Whether a running guest of the store runs a bundle marked bad. */
    static boolean runsBadBundle(Site s) {
        for (Site.Cluster c : s.clusters()) {
            for (Site.Guest g : c.guests.values()) if (g.status.equals("running") && s.lab.isBad(g.runningBundle)) return true;
        }
        return false;
    }

    private static void metric(StringBuilder b, Collection<Site> sites, String name, String type, String help, String key) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        for (Site s : sites) {
            double v;
            synchronized (s) {
                s.settle(); // finished tasks (starts, reboots, migrations) change what the guests run
                v = value(s, key);
            }
            b.append(name).append("{store=\"").append(s.id).append("\"} ").append(String.format(Locale.ROOT, "%.4f", v)).append('\n');
        }
    }

    static double value(Site s, String key) {
        Double o = s.faults.slo.get(key);
        if (o != null) return o;
        double n = noise(s, key);
        boolean down = s.faults.unreachable;
        int offline = s.faults.offline.size();
        double errs = s.faults.errorRate;
        boolean bad = runsBadBundle(s); // a bad bundle shows only here: probes still pass
        return switch (key) {
            case "ttfbP95Seconds" -> (0.18 + 0.02 * n + 0.15 * offline + errs * 1.5 + s.faults.latencyMs / 1000.0) * (bad ? 4 : 1);
            case "posLatencySeconds" -> (0.045 + 0.005 * n + 0.03 * offline + s.faults.latencyMs / 2000.0) * (bad ? 3 : 1);
            case "cacheHitRatio" -> Math.min(1, 0.93 + 0.01 * n - 0.1 * offline) - (bad ? 0.25 : 0);
            case "wanAvailabilityRatio" -> down ? 0.0 : Math.min(1, 0.9995 + 0.0004 * n);
            case "syncBacklog" -> s.staging ? 0 : s.syncBacklog();
            default -> 0;
        };
    }
}
