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
        String name, type, role, node, status = "running";
        long startedAt;
        long maxmem, maxdisk;
        int cpus;
        boolean agentDead;
        String origin;
        final List<Map<String, Object>> snapshots = new ArrayList<>();
    }

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
        boolean done;
    }

    static final class Storage {
        String id, type, content;
        boolean shared;
        Site pbsSite; // for type pbs
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
        final Map<String, Double> slo = new HashMap<>();

        void clear() {
            errorRate = 0;
            latencyMs = 0;
            unreachable = false;
            offline.clear();
            failRestore.clear();
            noBoot.clear();
            slo.clear();
        }
    }

    final Lab lab;
    final String id, region;
    final ZoneId tz;
    final boolean staging, pilot;
    final String wave;
    final int index; // 1-based for stores
    final List<String> nodes;
    final LabCredentials creds;
    final Map<String, NodeServer> servers = new LinkedHashMap<>();
    NodeServer pbsServer;
    final Map<Integer, Guest> guests = new TreeMap<>();
    final Set<String> cephFlags = new TreeSet<>();
    final Map<String, Storage> storages = new LinkedHashMap<>();
    final Map<String, Task> tasks = new LinkedHashMap<>();
    final List<Snap> snaps = new ArrayList<>();
    final FaultState faults = new FaultState();
    String bundleVersion = "2026.11.0";
    long syncLastRun;
    String syncLastUpid;
    String syncLastState = "OK";
    private int pidCounter;
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
                "edgerun@pbs!runbooks", Certs.uuid("pbs-token|" + seed + "|" + id).toString());
        this.pidCounter = 0x1000 + (Certs.sha256(seed + id)[0] & 0xff) * 97;
        long now = clock().millis() / 1000;
        this.bootEpoch = now - 86400L * 12 - (index * 377L % 86400);
        addStorage("local", "dir", "iso,vztmpl,backup", false, null);
        addStorage("ceph-vm", "rbd", "images,rootdir", true, null);
        if (!staging) {
            addStorage(PVE_STORAGE, "pbs", "backup", true, this);
            for (String[] g : GUESTS) {
                Guest gu = new Guest();
                gu.vmid = Integer.parseInt(g[0]);
                gu.name = g[1];
                gu.type = g[2];
                gu.role = g[3];
                gu.node = nodes.get(Integer.parseInt(g[4]));
                gu.maxmem = Long.parseLong(g[5]) << 30;
                gu.maxdisk = Long.parseLong(g[6]) << 30;
                gu.cpus = Integer.parseInt(g[7]);
                gu.startedAt = bootEpoch + 60 + gu.vmid;
                gu.origin = id;
                guests.put(gu.vmid, gu);
            }
            seedBackups();
        }
    }

    Clock clock() { return lab.options().clock(); }

    long nowEpoch() { return clock().millis() / 1000; }

    void addStorage(String sid, String type, String content, boolean shared, Site pbsSite) {
        Storage s = new Storage();
        s.id = sid;
        s.type = type;
        s.content = content;
        s.shared = shared;
        s.pbsSite = pbsSite;
        storages.put(sid, s);
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
            for (Guest g : guests.values()) {
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

    /** Completes every task whose end time has passed. */
    void settle() {
        long now = clock().millis();
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

    boolean nodeOnline(String node) { return !faults.offline.contains(node) && !faults.unreachable; }

    Snap newest(int vmid) {
        Snap best = null;
        for (Snap s : snaps) if (s.vmid == vmid && (best == null || s.time > best.time)) best = s;
        return best;
    }

    Snap findSnap(String type, int vmid, long time) {
        for (Snap s : snaps) if (s.vmid == vmid && s.time == time && (type == null || s.type.equals(type))) return s;
        return null;
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
