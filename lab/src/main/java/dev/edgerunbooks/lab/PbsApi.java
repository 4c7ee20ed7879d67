package dev.edgerunbooks.lab;

import dev.edgerunbooks.lab.Router.Request;
import dev.edgerunbooks.lab.Site.Snap;
import dev.edgerunbooks.lab.Site.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.edgerunbooks.lab.PveApi.map;

/** The Proxmox Backup Server routes the lab serves. */
final class PbsApi {
    static final Router ROUTER = new Router();

    static {
        Router r = ROUTER;
        r.add("GET", "/version", q -> map("version", "4.1", "release", "9", "repoid", "7c5a2d1e"));
        r.add("GET", "/ping", q -> map("pong", true));
        r.add("GET", "/admin/datastore", PbsApi::datastores);
        r.add("GET", "/admin/datastore/{store}/snapshots", PbsApi::snapshots, "store");
        r.add("POST", "/admin/datastore/{store}/verify", PbsApi::verify, "store");
        r.add("GET", "/admin/datastore/{store}/groups", PbsApi::groups, "store");
        r.add("POST", "/admin/datastore/{store}/change-owner", PbsApi::changeOwner, "store", "backup-type", "backup-id", "new-owner");
        r.add("GET", "/admin/sync", PbsApi::syncStatus);
        r.add("GET", "/config/sync", PbsApi::syncConfig);
        r.add("GET", "/config/sync/{id}", q -> {
            if (!Site.SYNC_JOB.equals(q.p("id"))) throw new ApiException(404, "job '" + q.p("id") + "' does not exist.");
            return syncCfg();
        }, "id");
        r.add("POST", "/admin/sync/{id}/run", PbsApi::runSync, "id");
        r.add("GET", "/nodes/{node}/tasks", PbsApi::taskList, "node");
        r.add("GET", "/nodes/{node}/tasks/{upid}/status", q -> PveApi.taskStatus(task(q)), "node", "upid");
        r.add("GET", "/nodes/{node}/tasks/{upid}/log", q -> PveApi.taskLog(q, task(q)), "node", "upid");
        AccessApi.registerPbs(r);
    }

    static Object datastores(Request q) {
        return List.of(
                map("store", Site.DATASTORE, "comment", "local backups", "mount-status", "nonremovable", "backend-type", "filesystem"),
                map("store", Site.OFFSITE, "comment", "offsite copy (S3)", "mount-status", "nonremovable", "backend-type", "s3"));
    }

    static List<Snap> datastore(Request q) {
        String ds = q.p("store");
        if (Site.DATASTORE.equals(ds)) return q.site().snaps;
        if (Site.OFFSITE.equals(ds)) return q.site().offsiteSnaps();
        throw new ApiException(400, "datastore '" + ds + "' does not exist");
    }

    static Object snapshots(Request q) {
        Site s = q.site();
        boolean offsite = Site.OFFSITE.equals(q.p("store"));
        String type = q.p("backup-type"), id = q.p("backup-id");
        List<Object> l = new ArrayList<>();
        for (Snap sn : datastore(q)) {
            if (type != null && !type.equals(sn.type)) continue;
            if (id != null && !id.equals(String.valueOf(sn.vmid))) continue;
            boolean vm = sn.type.equals("vm");
            long cfg = 523, idx = sn.size;
            List<Object> files = List.of(
                    map("filename", vm ? "qemu-server.conf.blob" : "pct.conf.blob", "crypt-mode", "none", "size", cfg),
                    map("filename", vm ? "drive-scsi0.img.fidx" : "root.pxar.didx", "crypt-mode", "none", "size", idx),
                    map("filename", "index.json.blob", "crypt-mode", "none", "size", 648L));
            Site.Guest g = s.home.guests.get(sn.vmid);
            Map<String, Object> m = map("backup-type", sn.type, "backup-id", String.valueOf(sn.vmid), "backup-time", sn.time, "files", files,
                    "size", cfg + idx + 648, "owner", s.groupOwner(q.p("store"), Site.group(sn)), "protected", false, "comment", g == null ? null : g.name());
            if (!offsite && sn.state != null) m.put("verification", map("state", sn.state, "upid", sn.upid));
            l.add(m);
        }
        return l;
    }

    /** PBS's {@code check_backup_owner}: the owner itself, or the user of an owning token; else why not. */
    static String ownerCheck(String owner, String authId) {
        int bang = owner.indexOf('!');
        boolean ok = owner.equals(authId) || bang > 0 && owner.substring(0, bang).equals(authId);
        return ok ? null : "backup owner check failed (" + authId + " != " + owner + ")";
    }

    /** The lab has only the root namespace: another one does not exist. */
    private static void rootNamespace(Request q) {
        String ns = q.p("ns", "");
        if (!ns.isEmpty()) throw new ApiException(400, "namespace '" + ns + "' does not exist");
    }

    /** {@code GET …/groups}: every group with snapshots, its newest, count, files and owner. */
    static Object groups(Request q) {
        Site s = q.site();
        rootNamespace(q);
        Map<String, List<Snap>> byGroup = new java.util.TreeMap<>();
        for (Snap sn : datastore(q)) byGroup.computeIfAbsent(Site.group(sn), k -> new ArrayList<>()).add(sn);
        List<Object> l = new ArrayList<>();
        for (Map.Entry<String, List<Snap>> e : byGroup.entrySet()) {
            Snap last = e.getValue().get(0);
            for (Snap sn : e.getValue()) if (sn.time > last.time) last = sn;
            Site.Guest g = s.home.guests.get(last.vmid);
            boolean vm = last.type.equals("vm");
            l.add(map("backup-type", last.type, "backup-id", String.valueOf(last.vmid), "last-backup", last.time,
                    "backup-count", e.getValue().size(), "files", List.of(vm ? "qemu-server.conf.blob" : "pct.conf.blob",
                            vm ? "drive-scsi0.img.fidx" : "root.pxar.didx", "index.json.blob"),
                    "owner", s.groupOwner(q.p("store"), e.getKey()), "comment", g == null ? null : g.name()));
        }
        return l;
    }

    /**
     * {@code POST …/change-owner} ({@code set_backup_owner}): an auth id that may manage the PBS (Datastore.Modify) gives any group
     * to any active auth id; another one only between a user and its own tokens for groups it owns; the new owner must be active.
     */
    static Object changeOwner(Request q) {
        Site s = q.site();
        String store = q.p("store"), type = q.p("backup-type"), id = q.p("backup-id"), newOwner = q.p("new-owner");
        List<Snap> ds = datastore(q);
        rootNamespace(q);
        if (!List.of("vm", "ct", "host").contains(type)) throw ApiException.param("backup-type", "value '" + type + "' is not defined in the enumeration.");
        if (!id.matches("[A-Za-z0-9_][A-Za-z0-9._\\-]*")) throw ApiException.param("backup-id", "value does not match the regex pattern");
        if (!newOwner.matches("[^\\s:/@!]+@[A-Za-z][A-Za-z0-9.\\-_]+(![A-Za-z][A-Za-z0-9.\\-_]+)?")) {
            throw ApiException.param("new-owner", "value does not match the regex pattern");
        }
        String group = type + "/" + id;
        String authId = q.authId();
        Access a = s.pbsAccess;
        String owner = s.groupOwner(store, group);
        boolean exists = Site.DATASTORE.equals(store) ? owner != null : ds.stream().anyMatch(sn -> Site.group(sn).equals(group));
        if (!a.mayManage(authId)) {
            if (!exists) throw new ApiException(400, "unable to read owner of backup group '" + group + "' - no such group");
            if (!sameUserSwitch(owner, newOwner, authId)) {
                throw new ApiException(401, authId + " does not have permission to change owner of backup group '" + group + "' to " + newOwner);
            }
        }
        if (!a.active(newOwner, s.nowEpoch())) {
            throw new ApiException(400, (newOwner.contains("!") ? "API token" : "user") + " '" + newOwner + "' is inactive or non-existent");
        }
        if (!exists) {
            throw new ApiException(400, "unable to create owner file \"/mnt/datastore/" + store + "/" + group + "/owner\" - No such file or directory (os error 2)");
        }
        s.setGroupOwner(store, group, newOwner);
        s.countOperation("change-owner", store + ":" + group);
        return null;
    }

    /** What an auth id without Datastore.Modify may do: move a group it owns between itself (a user) and its own tokens. */
    private static boolean sameUserSwitch(String owner, String newOwner, String authId) {
        String ownerUser = owner.contains("!") ? owner.substring(0, owner.indexOf('!')) : owner;
        String newUser = newOwner.contains("!") ? newOwner.substring(0, newOwner.indexOf('!')) : newOwner;
        boolean ownerToken = owner.contains("!"), newToken = newOwner.contains("!");
        if (ownerToken && newToken) return ownerUser.equals(newUser) && ownerUser.equals(authId);
        if (ownerToken) return ownerUser.equals(authId) && newOwner.equals(authId);
        if (newToken) return owner.equals(authId) && newUser.equals(authId);
        return false;
    }

    static Object verify(Request q) {
        Site s = q.site();
        List<Snap> ds = datastore(q);
        String type = q.p("backup-type"), id = q.p("backup-id");
        String timeS = q.p("backup-time");
        boolean ignoreVerified = q.p("ignore-verified") == null || q.bool("ignore-verified");
        List<Snap> targets = new ArrayList<>();
        String wtype, wid;
        String store = q.p("store");
        if (type != null && id != null && timeS != null) {
            long time = Long.parseLong(timeS.trim());
            Snap sn = null;
            for (Snap x : ds) if (x.type.equals(type) && String.valueOf(x.vmid).equals(id) && x.time == time) sn = x;
            if (sn == null) throw new ApiException(400, "backup dir '" + type + "/" + id + "/" + PveApi.VOLID_TIME.format(java.time.Instant.ofEpochSecond(time)) + "' does not exist");
            targets.add(sn);
            wtype = "verify_snapshot";
            wid = store + ":" + type + "/" + id + "/" + String.format("%08X", time);
        } else if (type != null && id != null && timeS == null) {
            for (Snap x : ds) if (x.type.equals(type) && String.valueOf(x.vmid).equals(id) && !(ignoreVerified && "ok".equals(x.state))) targets.add(x);
            wtype = "verify_group";
            wid = store + ":" + type + "/" + id;
        } else if (type == null && id == null && timeS == null) {
            for (Snap x : ds) if (!(ignoreVerified && "ok".equals(x.state))) targets.add(x);
            wtype = "verify";
            wid = store;
        } else {
            throw new ApiException(400, "parameters do not specify a backup group or snapshot");
        }
        List<String> log = new ArrayList<>();
        log.add("verify datastore " + store);
        Task[] self = new Task[1];
        self[0] = s.task(true, "localhost", wtype, wid, q.authId(), PveApi.duration(wtype), log, tk -> {
            int failed = 0;
            for (Snap sn : targets) {
                String dir = sn.type + "/" + sn.vmid + "/" + PveApi.VOLID_TIME.format(java.time.Instant.ofEpochSecond(sn.time));
                tk.log.add("verify " + store + ":" + dir);
                if (sn.corrupt) {
                    failed++;
                    tk.log.add("  check " + (sn.type.equals("vm") ? "drive-scsi0.img.fidx" : "root.pxar.didx"));
                    tk.log.add("can't verify chunk, load failed - store 'store', unable to load chunk '3b1f8e2c5a7d...' - blob too small (0 bytes).");
                    tk.log.add("verify " + store + ":" + dir + "/" + (sn.type.equals("vm") ? "drive-scsi0.img.fidx" : "root.pxar.didx") + " failed: chunks could not be verified");
                    sn.state = "failed";
                } else {
                    tk.log.add("  check index.json.blob");
                    sn.state = "ok";
                }
                sn.upid = tk.upid;
            }
            if (failed > 0) {
                tk.log.add("Failed to verify the following snapshots/groups:");
                return "verification failed - please check the log for details";
            }
            return "OK";
        });
        return self[0].upid;
    }

    static Map<String, Object> syncCfg() {
        return map("id", Site.SYNC_JOB, "store", Site.DATASTORE, "remote-store", Site.OFFSITE, "sync-direction", "push",
                "schedule", "03:00", "remove-vanished", false, "comment", "offsite copy to the S3-backed datastore");
    }

    static Object syncConfig(Request q) {
        return List.of(syncCfg());
    }

    static Object syncStatus(Request q) {
        Site s = q.site();
        Map<String, Object> m = map("id", Site.SYNC_JOB, "store", Site.DATASTORE, "remote-store", Site.OFFSITE, "sync-direction", "push",
                "schedule", "03:00", "last-run-upid", s.syncLastUpid, "last-run-state", s.syncLastState, "last-run-endtime", s.syncLastRun + 95,
                "next-run", nextRun(s));
        return List.of(m);
    }

    static long nextRun(Site s) {
        java.time.ZonedDateTime now = s.clock().instant().atZone(s.tz);
        java.time.ZonedDateTime n = now.toLocalDate().atTime(3, 0).atZone(s.tz);
        if (!n.isAfter(now)) n = n.plusDays(1);
        return n.toEpochSecond();
    }

    static Object runSync(Request q) {
        Site s = q.site();
        if (!Site.SYNC_JOB.equals(q.p("id"))) throw new ApiException(404, "job '" + q.p("id") + "' does not exist.");
        long started = s.nowEpoch();
        Task[] self = new Task[1];
        self[0] = s.task(true, "localhost", "syncjob", Site.DATASTORE + ":" + Site.OFFSITE + ":" + Site.SYNC_JOB, q.authId(), PveApi.duration("syncjob"),
                List.of("Starting datastore sync job '" + Site.SYNC_JOB + "'", "sync datastore '" + Site.OFFSITE + "' from '" + Site.DATASTORE + "'"), tk -> {
                    s.syncLastRun = started;
                    s.syncLastUpid = tk.upid;
                    s.syncLastState = "OK";
                    tk.log.add("sync job '" + Site.SYNC_JOB + "' end");
                    return "OK";
                });
        return self[0].upid;
    }

    static Task task(Request q) {
        Task t = q.site().tasks.get(q.p("upid"));
        if (t == null || !t.pbs) {
            if (!q.p("upid").startsWith("UPID:")) throw new ApiException(400, "unable to parse UPID '" + q.p("upid") + "'");
            throw new ApiException(404, "task '" + q.p("upid") + "' not found");
        }
        return t;
    }

    static Object taskList(Request q) {
        List<Object> l = new ArrayList<>();
        for (Task t : q.site().tasks.values()) {
            if (!t.pbs) continue;
            l.add(map("upid", t.upid, "node", t.node, "pid", t.pid, "pstart", t.pstart, "starttime", t.startEpoch, "worker_type", t.type,
                    "worker_id", t.id, "user", t.user, "endtime", t.done ? t.endEpoch : null, "status", t.done ? t.exitstatus : null));
        }
        java.util.Collections.reverse(l);
        return new Router.Paged(l, l.size());
    }
}
