package dev.edgerunbooks.lab;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The weekly restore test's view of a staging cluster: restore locks and clean-up, stopping tasks, boot timing, agent exec, isolation. */
class StagingLabTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    static final String STORE = "store-0001";
    static final String STAGING = "staging-eu-central";
    static Lab lab;
    static LabClient client;
    static URI stg;
    static String auth;

    @BeforeAll
    static void start() throws Exception {
        lab = Lab.start(LabOptions.defaults().withStores(1).withBasePort(0).withAdminPort(0).withTimeScale(1.0)
                .withAuthFailureDelay(Duration.ZERO).withClock(CLOCK));
        client = new LabClient(LabApiTest.pins(lab));
        stg = lab.pveUri(STAGING, "stg1");
        auth = lab.credentials(STAGING).pveAuthorization();
        LabCredentials c = lab.credentials(STORE);
        LabClient.Resp reg = client.call("POST", stg, "/storage", auth, Map.of("storage", "pbs-" + STORE, "type", "pbs", "server", "127.0.0.1",
                "port", lab.pbsUri(STORE).getPort(), "datastore", "store", "username", c.pbsTokenId(), "password", c.pbsSecret(),
                "fingerprint", lab.fingerprint(STORE, "pbs")));
        assertThat(reg.status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    static LabClient.Resp call(String method, String path, Map<String, ?> params) throws Exception {
        return client.call(method, stg, path, auth, params);
    }

    static JsonNode data(String path) throws Exception {
        LabClient.Resp r = call("GET", path, null);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        return r.data();
    }

    static String archive(int vmid) throws Exception {
        JsonNode content = data("/nodes/stg1/storage/pbs-" + STORE + "/content?vmid=" + vmid);
        String newest = null;
        long t = 0;
        for (JsonNode c : content) if (c.get("ctime").asLong() > t) {
            t = c.get("ctime").asLong();
            newest = c.get("volid").asText();
        }
        return newest;
    }

    static String restore(String type, int vmid, int from, Map<String, Object> extra) throws Exception {
        Map<String, Object> p = new java.util.HashMap<>(Map.of("vmid", vmid, "storage", "ceph-vm"));
        if (type.equals("qemu")) p.put("archive", archive(from));
        else {
            p.put("ostemplate", archive(from));
            p.put("restore", 1);
        }
        p.putAll(extra);
        LabClient.Resp r = call("POST", "/nodes/stg1/" + type, p);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.data().asText();
    }

    static JsonNode task(String upid) throws Exception {
        return data("/nodes/stg1/tasks/" + LabClient.enc(upid) + "/status");
    }

    static void advance(double seconds) {
        CLOCK.advance(Duration.ofMillis((long) (seconds * 1000)));
    }

    static JsonNode finish(String upid) throws Exception {
        for (int i = 0; i < 100; i++) {
            JsonNode st = task(upid);
            if (st.get("status").asText().equals("stopped")) return st;
            advance(10);
        }
        throw new AssertionError("task never ended: " + upid);
    }

    static String storeMac(int vmid, String type) throws Exception {
        String node = lab.inspect(STORE).guest(vmid).node();
        JsonNode cfg = client.call("GET", lab.pveUri(STORE, "pve1"), "/nodes/" + node + "/" + type + "/" + vmid + "/config",
                lab.credentials(STORE).pveAuthorization(), null).data();
        return cfg.get("net0").asText();
    }

    @Test
    void restoredGuestIsLockedUntilTheRestoreEndsThenKeepsTheBackedUpConfig() throws Exception {
        String upid = restore("qemu", 9201, 102, Map.of("unique", 1));
        JsonNode cfg = data("/nodes/stg1/qemu/9201/config");
        assertThat(cfg.get("lock").asText()).isEqualTo("create");
        assertThat(cfg.has("name")).isFalse();
        assertThat(cfg.get("digest").asText()).matches("[0-9a-f]{40}");
        JsonNode st = data("/nodes/stg1/qemu/9201/status/current");
        assertThat(st.get("lock").asText()).isEqualTo("create");
        assertThat(st.get("status").asText()).isEqualTo("stopped");
        assertThat(lab.inspect(STAGING).guest(9201).lock()).isEqualTo("create");

        LabClient.Resp start = call("POST", "/nodes/stg1/qemu/9201/status/start", Map.of());
        assertThat(start.status()).isEqualTo(500);
        assertThat(start.json().get("message").asText()).isEqualTo("VM is locked (create)\n");
        LabClient.Resp destroy = call("DELETE", "/nodes/stg1/qemu/9201", null);
        assertThat(destroy.json().get("message").asText()).isEqualTo("VM is locked (create)\n");

        assertThat(finish(upid).get("exitstatus").asText()).isEqualTo("OK");
        cfg = data("/nodes/stg1/qemu/9201/config");
        assertThat(cfg.has("lock")).isFalse();
        assertThat(cfg.get("name").asText()).isEqualTo("inventory-api");
        assertThat(cfg.get("agent").asText()).isEqualTo("1");
        assertThat(cfg.get("cores").asInt()).isEqualTo(4);
        assertThat(cfg.get("scsi0").asText()).startsWith("ceph-vm:vm-9201-disk-0,").contains("size=64G");
        String net0 = cfg.get("net0").asText();
        assertThat(net0).matches("virtio=BC:24:11:[0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]{2},bridge=vmbr0,firewall=1");
        String original = storeMac(102, "qemu");
        assertThat(net0).isNotEqualTo(original); // unique=1: a new MAC
        assertThat(data("/nodes/stg1/qemu/9201/status/current").has("lock")).isFalse();
        LabInspection.GuestInfo g = lab.inspect(STAGING).guest(9201);
        assertThat(g.originStore()).isEqualTo(STORE);
        assertThat(g.originVmid()).isEqualTo(102);
        assertThat(g.bridges()).containsExactly("vmbr0");
        assertThat(g.lock()).isNull();

        // without unique the MAC is the backed-up one; a container keeps its hostname and veth
        finish(restore("lxc", 9202, 103, Map.of()));
        JsonNode ct = data("/nodes/stg1/lxc/9202/config");
        assertThat(ct.get("hostname").asText()).isEqualTo("cache");
        assertThat(ct.get("net0").asText()).isEqualTo(storeMac(103, "lxc")).contains("name=eth0,bridge=vmbr0").contains("type=veth");
        assertThat(ct.get("rootfs").asText()).startsWith("ceph-vm:vm-9202-disk-0,");
        assertThat(ct.get("memory").isInt()).isTrue();
        destroyGuest("qemu", 9201);
        destroyGuest("lxc", 9202);
    }

    static void destroyGuest(String type, int vmid) throws Exception {
        JsonNode st = data("/nodes/stg1/" + type + "/" + vmid + "/status/current");
        if (st.get("status").asText().equals("running")) finish(call("POST", "/nodes/stg1/" + type + "/" + vmid + "/status/stop", Map.of()).data().asText());
        LabClient.Resp d = call("DELETE", "/nodes/stg1/" + type + "/" + vmid, null);
        assertThat(d.status()).as(d.body()).isEqualTo(200);
        assertThat(finish(d.data().asText()).get("exitstatus").asText()).isEqualTo("OK");
        assertThat(lab.inspect(STAGING).guest(vmid)).isNull();
    }

    @Test
    void failedRestoreRemovesThePartialGuest() throws Exception {
        lab.faults(STORE).failRestore(105);
        String upid = restore("lxc", 9203, 105, Map.of());
        assertThat(lab.inspect(STAGING).guest(9203).lock()).isEqualTo("create");
        JsonNode st = finish(upid);
        assertThat(st.get("exitstatus").asText()).startsWith("unable to restore CT 9203 - ");
        LabClient.Resp cfg = call("GET", "/nodes/stg1/lxc/9203/config", null);
        assertThat(cfg.status()).isEqualTo(500);
        assertThat(cfg.json().get("message").asText()).isEqualTo("Configuration file 'nodes/stg1/lxc/9203.conf' does not exist\n");
        assertThat(lab.inspect(STAGING).guest(9203)).isNull();
    }

    @Test
    void stoppingARestoreTaskRemovesThePartialGuest() throws Exception {
        String upid = restore("qemu", 9204, 101, Map.of());
        advance(30);
        assertThat(task(upid).get("status").asText()).isEqualTo("running");
        LabClient.Resp stop = call("DELETE", "/nodes/stg1/tasks/" + LabClient.enc(upid), null);
        assertThat(stop.status()).isEqualTo(200);
        assertThat(stop.data().isNull()).isTrue();
        JsonNode st = task(upid);
        assertThat(st.get("status").asText()).isEqualTo("stopped");
        assertThat(st.get("exitstatus").asText()).isEqualTo("interrupted by signal");
        JsonNode log = client.call("GET", stg, "/nodes/stg1/tasks/" + LabClient.enc(upid) + "/log", auth, null).data();
        assertThat(log.get(log.size() - 1).get("t").asText()).isEqualTo("TASK ERROR: interrupted by signal");
        assertThat(lab.inspect(STAGING).guest(9204)).isNull();
        assertThat(call("DELETE", "/nodes/stg1/tasks/" + LabClient.enc(upid), null).status()).isEqualTo(200); // already stopped: nothing to do
        assertThat(data("/nodes/stg1/tasks/" + LabClient.enc(upid)).findValuesAsText("name")).containsExactly("log", "status");
    }

    @Test
    void agentAnswersAfterBootAndExecRunsTheProbe() throws Exception {
        finish(restore("qemu", 9205, 101, Map.of("unique", 1)));
        // isolate before the first start: the MAC stays
        String mac = data("/nodes/stg1/qemu/9205/config").get("net0").asText().split(",")[0];
        assertThat(call("PUT", "/nodes/stg1/qemu/9205/config", Map.of("net0", "virtio,bridge=vmbr9")).status()).isEqualTo(200);
        assertThat(data("/nodes/stg1/qemu/9205/config").get("net0").asText()).isEqualTo(mac + ",bridge=vmbr9");
        LabClient.Resp ping = call("POST", "/nodes/stg1/qemu/9205/agent/ping", Map.of());
        assertThat(ping.json().get("message").asText()).isEqualTo("VM 9205 is not running\n");
        assertThat(finish(call("POST", "/nodes/stg1/qemu/9205/status/start", Map.of()).data().asText()).get("exitstatus").asText()).isEqualTo("OK");
        ping = call("POST", "/nodes/stg1/qemu/9205/agent/ping", Map.of());
        assertThat(ping.status()).isEqualTo(500);
        assertThat(ping.json().get("message").asText()).isEqualTo("QEMU guest agent is not running\n");
        LabClient.Resp early = call("POST", "/nodes/stg1/qemu/9205/agent/exec", Map.of("command", "true"));
        assertThat(early.json().get("message").asText()).isEqualTo("QEMU guest agent is not running\n");
        advance(31);
        ping = call("POST", "/nodes/stg1/qemu/9205/agent/ping", Map.of());
        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.data().has("result")).isTrue();

        // repeated form fields
        LabClient.Resp exec = client.send("POST", URI.create(stg + "/nodes/stg1/qemu/9205/agent/exec"), Map.of("Authorization", auth),
                "command=%2Fusr%2Flocal%2Fbin%2Fprobe&command=--role&command=tokenization", "application/x-www-form-urlencoded");
        assertThat(exec.status()).as(exec.body()).isEqualTo(200);
        int pid = exec.data().get("pid").asInt();
        JsonNode res = data("/nodes/stg1/qemu/9205/agent/exec-status?pid=" + pid);
        assertThat(res.get("exited").asInt()).isEqualTo(1);
        assertThat(res.get("exitcode").asInt()).isZero();
        assertThat(res.get("out-data").asText()).contains("tokenization");

        // a JSON array; a failing probe fault on the source store
        lab.faults(STORE).failProbe(101);
        exec = client.send("POST", URI.create(stg + "/nodes/stg1/qemu/9205/agent/exec"), Map.of("Authorization", auth),
                "{\"command\":[\"/usr/local/bin/probe\",\"--role\",\"tokenization\"]}", "application/json");
        assertThat(exec.status()).as(exec.body()).isEqualTo(200);
        res = data("/nodes/stg1/qemu/9205/agent/exec-status?pid=" + exec.data().get("pid").asInt());
        assertThat(res.get("exitcode").asInt()).isEqualTo(1);
        assertThat(res.get("err-data").asText()).contains("tokenization");
        lab.faults(STORE).clear();
        LabClient.Resp missing = call("POST", "/nodes/stg1/qemu/9205/agent/exec", Map.of());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").has("command")).isTrue();

        // started on the isolated bridge: recorded, no breach
        LabInspection.GuestStart s = lab.inspect(STAGING).starts().stream().filter(x -> x.vmid() == 9205).findFirst().orElseThrow();
        assertThat(s.bridges()).containsExactly("vmbr9");
        assertThat(s.uplinkedBridges()).isEmpty();
        assertThat(s.isolationBreach()).isFalse();
        assertThat(s.originStore()).isEqualTo(STORE);
        destroyGuest("qemu", 9205);
    }

    @Test
    void noBootFaultKeepsTheAgentDown() throws Exception {
        lab.faults(STORE).noBoot(104);
        finish(restore("qemu", 9206, 104, Map.of("unique", 1)));
        call("PUT", "/nodes/stg1/qemu/9206/config", Map.of("net0", "virtio,bridge=vmbr9"));
        finish(call("POST", "/nodes/stg1/qemu/9206/status/start", Map.of()).data().asText());
        advance(600);
        LabClient.Resp ping = call("POST", "/nodes/stg1/qemu/9206/agent/ping", Map.of());
        assertThat(ping.json().get("message").asText()).isEqualTo("QEMU guest agent is not running\n");
        lab.faults(STORE).clear();
        destroyGuest("qemu", 9206);
    }

    @Test
    void startingARestoredGuestOnAnUplinkedBridgeIsABreach() throws Exception {
        int before = lab.inspect(STAGING).isolationBreaches().size();
        JsonNode st = finish(restore("qemu", 9207, 104, Map.of("unique", 1, "start", 1)));
        assertThat(st.get("exitstatus").asText()).isEqualTo("OK");
        LabInspection in = lab.inspect(STAGING);
        assertThat(in.isolationBreaches()).hasSize(before + 1);
        LabInspection.GuestStart breach = in.isolationBreaches().get(in.isolationBreaches().size() - 1);
        assertThat(breach.vmid()).isEqualTo(9207);
        assertThat(breach.uplinkedBridges()).containsExactly("vmbr0");
        assertThat(breach.originStore()).isEqualTo(STORE);
        assertThat(breach.originVmid()).isEqualTo(104);
        assertThat(in.guest(9207).status()).isEqualTo("running");
        // the admin API says the same
        HttpResponse<String> admin = HttpClient.newHttpClient().send(HttpRequest.newBuilder(lab.adminUri().resolve("/lab/stores/" + STAGING + "/inspect")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode j = LabClient.JSON.readTree(admin.body());
        assertThat(j.get("isolationBreaches").findValuesAsText("vmid")).contains("9207");
        assertThat(j.at("/isolationBreaches/0/at").asText()).startsWith("2026-");
        // a bridge the node does not have: the start fails
        call("PUT", "/nodes/stg1/qemu/9207/config", Map.of("net0", "virtio,bridge=vmbr7"));
        finish(call("POST", "/nodes/stg1/qemu/9207/status/stop", Map.of()).data().asText());
        JsonNode failed = finish(call("POST", "/nodes/stg1/qemu/9207/status/start", Map.of()).data().asText());
        assertThat(failed.get("exitstatus").asText()).isEqualTo("bridge 'vmbr7' does not exist");
        destroyGuest("qemu", 9207);
    }

    @Test
    void containerGetsAnAddressOnceBootedOrFailsToStartWithNoBoot() throws Exception {
        finish(restore("lxc", 9208, 100, Map.of("unique", 1)));
        assertThat(call("PUT", "/nodes/stg1/lxc/9208/config", Map.of("net0", "name=eth0,bridge=vmbr9,ip=dhcp,type=veth")).status()).isEqualTo(200);
        String hw = Site.option(data("/nodes/stg1/lxc/9208/config").get("net0").asText(), "hwaddr");
        assertThat(hw).startsWith("BC:24:11:");
        LabClient.Resp notRunning = call("GET", "/nodes/stg1/lxc/9208/interfaces", null);
        assertThat(notRunning.status()).isEqualTo(500);
        finish(call("POST", "/nodes/stg1/lxc/9208/status/start", Map.of()).data().asText());
        JsonNode ifs = data("/nodes/stg1/lxc/9208/interfaces");
        assertThat(ifs.findValuesAsText("name")).containsExactly("lo", "eth0");
        assertThat(ifs.get(1).has("inet")).isFalse();
        advance(11);
        ifs = data("/nodes/stg1/lxc/9208/interfaces");
        assertThat(ifs.get(1).get("inet").asText()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+/24");
        assertThat(ifs.get(1).get("hwaddr").asText()).isEqualToIgnoringCase(hw);
        destroyGuest("lxc", 9208);

        lab.faults(STORE).noBoot(100);
        finish(restore("lxc", 9209, 100, Map.of("unique", 1)));
        call("PUT", "/nodes/stg1/lxc/9209/config", Map.of("net0", "name=eth0,bridge=vmbr9,ip=dhcp,type=veth"));
        JsonNode st = finish(call("POST", "/nodes/stg1/lxc/9209/status/start", Map.of()).data().asText());
        assertThat(st.get("exitstatus").asText()).isEqualTo("startup for container '9209' failed");
        assertThat(data("/nodes/stg1/lxc/9209/status/current").get("status").asText()).isEqualTo("stopped");
        lab.faults(STORE).clear();
        destroyGuest("lxc", 9209);
    }

    @Test
    void configUpdatesDeleteAndDigest() throws Exception {
        URI pve = lab.pveUri(STORE, "pve1");
        String a = lab.credentials(STORE).pveAuthorization();
        JsonNode cfg = client.call("GET", pve, "/nodes/pve1/qemu/101/config", a, null).data();
        assertThat(cfg.get("net0").asText()).matches("virtio=BC:24:11:[0-9A-F:]{8},bridge=vmbr0,firewall=1");
        assertThat(cfg.get("scsi0").asText()).startsWith("ceph-vm:vm-101-disk-0");
        assertThat(cfg.get("ostype").asText()).isEqualTo("l26");
        JsonNode ct = client.call("GET", pve, "/nodes/pve1/lxc/100/config", a, null).data();
        assertThat(ct.get("net0").asText()).matches("name=eth0,bridge=vmbr0,firewall=1,hwaddr=BC:24:11:[0-9A-F:]{8},ip=dhcp,type=veth");
        assertThat(ct.get("rootfs").asText()).startsWith("ceph-vm:vm-100-disk-0");

        String digest = cfg.get("digest").asText();
        assertThat(client.call("PUT", pve, "/nodes/pve1/qemu/101/config", a, Map.of("description", "patched", "digest", digest)).status()).isEqualTo(200);
        LabClient.Resp stale = client.call("PUT", pve, "/nodes/pve1/qemu/101/config", a, Map.of("description", "again", "digest", digest));
        assertThat(stale.status()).isEqualTo(500);
        assertThat(stale.json().get("message").asText()).startsWith("detected modified configuration");
        LabClient.Resp unknown = client.call("PUT", pve, "/nodes/pve1/qemu/101/config", a, Map.of("colour", "blue"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").has("colour")).isTrue();
        LabClient.Resp post = client.call("POST", pve, "/nodes/pve1/qemu/101/config", a, Map.of("delete", "description", "tags", "tokenization;pci"));
        assertThat(post.data().asText()).matches(LabApiTest.PVE_UPID).contains(":qmconfig:101:");
        finishOn(pve, a, post.data().asText());
        cfg = client.call("GET", pve, "/nodes/pve1/qemu/101/config", a, null).data();
        assertThat(cfg.has("description")).isFalse();
        assertThat(cfg.get("tags").asText()).isEqualTo("tokenization;pci");
        assertThat(client.call("PUT", pve, "/nodes/pve1/lxc/100/config", a, Map.of("memory", "2048", "delete", "swap")).status()).isEqualTo(200);
        ct = client.call("GET", pve, "/nodes/pve1/lxc/100/config", a, null).data();
        assertThat(ct.get("memory").asInt()).isEqualTo(2048);
        assertThat(ct.has("swap")).isFalse();
    }

    static void finishOn(URI base, String a, String upid) throws Exception {
        for (int i = 0; i < 100; i++) {
            JsonNode st = client.call("GET", base, "/nodes/" + upid.split(":")[1] + "/tasks/" + LabClient.enc(upid) + "/status", a, null).data();
            if (st.get("status").asText().equals("stopped")) return;
            advance(10);
        }
        throw new AssertionError("task never ended: " + upid);
    }

    @Test
    void networkChangesArePendingUntilApplied() throws Exception {
        URI stg2 = lab.pveUri(STAGING, "stg2");
        JsonNode net = client.call("GET", stg2, "/nodes/stg2/network", auth, null).data();
        assertThat(net.findValuesAsText("iface")).contains("eno1", "vmbr0", "vmbr9");
        JsonNode vmbr0 = client.call("GET", stg2, "/nodes/stg2/network/vmbr0", auth, null).data();
        assertThat(vmbr0.get("bridge_ports").asText()).isEqualTo("eno1");
        assertThat(vmbr0.get("gateway").asText()).isNotEmpty();
        assertThat(vmbr0.get("cidr").asText()).endsWith("/24");
        JsonNode vmbr9 = client.call("GET", stg2, "/nodes/stg2/network/vmbr9", auth, null).data();
        assertThat(vmbr9.has("bridge_ports")).isFalse();
        assertThat(vmbr9.has("gateway")).isFalse();
        assertThat(vmbr9.get("comments").asText()).isEqualTo("isolated: restore tests");

        LabClient.Resp badName = client.call("POST", stg2, "/nodes/stg2/network", auth, Map.of("iface", "isolated", "type", "bridge"));
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().get("errors").has("iface")).isTrue();
        LabClient.Resp exists = client.call("POST", stg2, "/nodes/stg2/network", auth, Map.of("iface", "vmbr9", "type", "bridge"));
        assertThat(exists.json().get("errors").get("iface").asText()).isEqualTo("interface already exists");
        LabClient.Resp gw = client.call("POST", stg2, "/nodes/stg2/network", auth, Map.of("iface", "vmbr5", "type", "bridge", "cidr", "10.9.0.2/24", "gateway", "10.9.0.1"));
        assertThat(gw.json().get("errors").get("gateway").asText()).startsWith("Default gateway already exists on interface 'vmbr0'");

        LabClient.Resp add = client.call("POST", stg2, "/nodes/stg2/network", auth, Map.of("iface", "vmbr5", "type", "bridge", "autostart", 1, "comments", "scratch"));
        assertThat(add.status()).isEqualTo(200);
        assertThat(add.data().isNull()).isTrue();
        JsonNode pending = client.call("GET", stg2, "/nodes/stg2/network/vmbr5", auth, null).data();
        assertThat(pending.has("active")).isFalse();
        // revert drops it
        assertThat(client.call("DELETE", stg2, "/nodes/stg2/network", auth, null).status()).isEqualTo(200);
        assertThat(client.call("GET", stg2, "/nodes/stg2/network/vmbr5", auth, null).status()).isEqualTo(400);

        client.call("POST", stg2, "/nodes/stg2/network", auth, Map.of("iface", "vmbr5", "type", "bridge", "autostart", 1, "comments", "scratch"));
        LabClient.Resp apply = client.call("PUT", stg2, "/nodes/stg2/network", auth, Map.of());
        assertThat(apply.data().asText()).matches(LabApiTest.PVE_UPID).contains(":srvreload:networking:");
        JsonNode applied = client.call("GET", stg2, "/nodes/stg2/network/vmbr5", auth, null).data();
        assertThat(applied.get("active").asInt()).isEqualTo(1);
        assertThat(client.call("GET", stg2, "/nodes/stg2/network?type=bridge", auth, null).data().findValuesAsText("iface"))
                .containsExactly("vmbr0", "vmbr5", "vmbr9");
        assertThat(lab.inspect(STAGING).nodes().get(1).bridges()).contains("vmbr5");
        client.call("DELETE", stg2, "/nodes/stg2/network/vmbr5", auth, null);
        client.call("PUT", stg2, "/nodes/stg2/network", auth, Map.of());
        assertThat(lab.inspect(STAGING).nodes().get(1).bridges()).containsExactly("vmbr0", "vmbr9");
    }

    @Test
    void storageGetAndDelete() throws Exception {
        JsonNode local = data("/storage/local");
        assertThat(local.get("type").asText()).isEqualTo("dir");
        JsonNode pbs = data("/storage/pbs-" + STORE);
        assertThat(pbs.get("fingerprint").asText()).isEqualTo(lab.fingerprint(STORE, "pbs"));
        assertThat(call("POST", "/storage", Map.of("storage", "scratch", "type", "dir", "path", "/srv/scratch")).status()).isEqualTo(200);
        assertThat(call("DELETE", "/storage/scratch", null).status()).isEqualTo(200);
        LabClient.Resp gone = call("GET", "/storage/scratch", null);
        assertThat(gone.status()).isEqualTo(500);
        assertThat(gone.json().get("message").asText()).isEqualTo("storage 'scratch' does not exist\n");
        assertThat(call("DELETE", "/storage/scratch", null).status()).isEqualTo(500);
        // a restore must name an existing storage
        LabClient.Resp r = call("POST", "/nodes/stg1/qemu", Map.of("vmid", 9299, "archive", archive(101), "storage", "nope"));
        assertThat(r.json().get("message").asText()).isEqualTo("unable to restore VM 9299 - storage 'nope' does not exist\n");
        assertThat(List.of(data("/storage").findValuesAsText("storage"))).isNotEmpty();
    }
}
