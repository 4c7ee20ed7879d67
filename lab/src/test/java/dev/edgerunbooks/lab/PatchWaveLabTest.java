package dev.edgerunbooks.lab;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the patch-wave runbook does to a store: migrate guests off a node, upgrade and reboot it, move the bundle tag, reboot
 * guests (their pull agents install the tagged bundle), watch the SLOs, roll back; and the operation counts that prove each step
 * ran once. Time scale 1 on a clock the test moves.
 */
class PatchWaveLabTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    static final Map<String, String> WAVE = Map.of("pve-manager", "9.1.4", "proxmox-kernel-6.17", "6.17.4-1",
            "proxmox-kernel-6.17.4-1-pve-signed", "6.17.4-1", "qemu-server", "9.1.2");
    static Lab lab;
    static LabClient client;

    @BeforeAll
    static void start() {
        lab = Lab.start(LabOptions.defaults().withStores(6).withBasePort(0).withAdminPort(0).withTimeScale(1.0)
                .withAuthFailureDelay(Duration.ZERO).withClock(CLOCK).withStaging(false));
        client = new LabClient(LabApiTest.pins(lab));
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    static LabClient.Resp call(String store, String node, String method, String path, Map<String, ?> params) throws Exception {
        return client.call(method, lab.pveUri(store, node), path, lab.credentials(store).pveAuthorization(), params);
    }

    static LabClient.Resp call(String store, String method, String path, Map<String, ?> params) throws Exception {
        return call(store, "pve1", method, path, params);
    }

    static JsonNode data(String store, String path) throws Exception {
        LabClient.Resp r = call(store, "GET", path, null);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        return r.data();
    }

    /** Starts a task (200 with a UPID of the given type), returns the UPID. */
    static String task(String store, String path, Map<String, ?> params, String type) throws Exception {
        LabClient.Resp r = call(store, "POST", path, params);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        String upid = r.data().asText();
        assertThat(upid).matches(LabApiTest.PVE_UPID).contains(":" + type + ":");
        return upid;
    }

    /** A POST the lab refuses with the given status: its answer (message, errors). */
    static JsonNode rejected(String store, String path, Map<String, ?> params, int status) throws Exception {
        LabClient.Resp r = call(store, "POST", path, params);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(status);
        return r.json();
    }

    static JsonNode status(String store, String upid) throws Exception {
        String node = upid.split(":")[1];
        return data(store, "/nodes/" + node + "/tasks/" + LabClient.enc(upid) + "/status");
    }

    static List<String> log(String store, String upid) throws Exception {
        String node = upid.split(":")[1];
        List<String> l = new ArrayList<>();
        for (JsonNode n : data(store, "/nodes/" + node + "/tasks/" + LabClient.enc(upid) + "/log?limit=100")) l.add(n.get("t").asText());
        return l;
    }

    static void advance(int seconds) { CLOCK.advance(Duration.ofSeconds(seconds)); }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        long until = System.nanoTime() + 5_000_000_000L;
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(until);
            Thread.sleep(50);
        }
    }

    /** Whether a node's own port refuses connections (a fresh client each time: no pooled connection). */
    static boolean refused(String store, String node) {
        try {
            new LabClient(LabApiTest.pins(lab)).call("GET", lab.pveUri(store, node), "/version", lab.credentials(store).pveAuthorization(), null);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (Exception e) {
            return false; // the node drops connections while it goes down
        }
    }

    static boolean answers(String store, String node) {
        try {
            return new LabClient(LabApiTest.pins(lab)).call("GET", lab.pveUri(store, node), "/version", lab.credentials(store).pveAuthorization(), null).status() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    static int online(String store, String node) throws Exception {
        for (JsonNode n : data(store, "/cluster/status")) if (node.equals(n.path("name").asText())) return n.get("online").asInt();
        throw new AssertionError(node + " not in /cluster/status");
    }

    static String admin(String method, String path, String body) throws Exception {
        return LabClient.admin(lab, method, path, body);
    }

    /** A store's metric lines, {@code name{labels}} to value. */
    static Map<String, Double> metrics(String store) throws Exception {
        Map<String, Double> m = new TreeMap<>();
        for (String l : admin("GET", "/metrics/" + store, null).substring(4).split("\n")) {
            if (l.startsWith("#") || l.isBlank()) continue;
            int sp = l.lastIndexOf(' ');
            m.put(l.substring(0, sp).replace("store=\"" + store + "\"", "").replace("{,", "{").replace("{}", ""), Double.parseDouble(l.substring(sp + 1)));
        }
        return m;
    }

    @Test
    void migrationMovesAGuestOrIsRefusedLikePve() throws Exception {
        String s = "store-0001";
        String migrate = "/nodes/pve1/qemu/101/migrate";
        assertThat(rejected(s, migrate, Map.of("target", "pve2"), 500).get("message").asText()).isEqualTo("can't migrate running VM without --online\n");
        assertThat(rejected(s, migrate, Map.of("target", "pve1", "online", 1), 400).at("/errors/target").asText()).isEqualTo("target is local node.");
        assertThat(rejected(s, migrate, Map.of("target", "pve7", "online", 1), 500).get("message").asText()).isEqualTo("no such cluster node 'pve7'\n");
        assertThat(rejected(s, migrate, Map.of("target", "pve2", "online", 1, "force", 1), 400).at("/errors/force").asText())
                .isEqualTo("Only root may use this option.");

        JsonNode pre = data(s, "/nodes/pve1/qemu/101/migrate");
        assertThat(pre.get("running").asInt()).isEqualTo(1);
        assertThat(pre.get("allowed_nodes").toString()).isEqualTo("[\"pve2\",\"pve3\"]");
        assertThat(pre.get("local_disks")).isEmpty();

        // live migration: a qmigrate task of the source node; meanwhile the guest is still there, locked
        String upid = task(s, "/nodes/pve1/qemu/101/migrate", Map.of("target", "pve2", "online", 1), "qmigrate");
        assertThat(upid).startsWith("UPID:pve1:").contains(":qmigrate:101:");
        assertThat(data(s, "/nodes/pve1/qemu/101/config").get("lock").asText()).isEqualTo("migrate");
        assertThat(rejected(s, migrate, Map.of("target", "pve3", "online", 1), 500).get("message").asText()).isEqualTo("VM is locked (migrate)\n");
        long uptime = data(s, "/nodes/pve1/qemu/101/status/current").get("uptime").asLong();
        advance(31);
        assertThat(status(s, upid).get("exitstatus").asText()).isEqualTo("OK");
        assertThat(log(s, upid)).contains("starting migration of VM 101 to node 'pve2' (10.1.0.12)", "migration status: completed",
                "migration finished successfully (duration 00:00:30)");
        JsonNode moved = data(s, "/nodes/pve2/qemu/101/config");
        assertThat(moved.has("lock")).isFalse();
        LabClient.Resp r = call(s, "GET", "/nodes/pve1/qemu/101/config", null);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.json().get("message").asText()).isEqualTo("Configuration file 'nodes/pve1/qemu-server/101.conf' does not exist\n");
        JsonNode st = data(s, "/nodes/pve2/qemu/101/status/current");
        assertThat(st.get("status").asText()).isEqualTo("running");
        assertThat(st.get("uptime").asLong()).as("live: it kept running").isGreaterThanOrEqualTo(uptime + 30);
        for (JsonNode g : data(s, "/cluster/resources?type=vm")) {
            if (g.get("vmid").asInt() == 101) assertThat(g.get("node").asText()).isEqualTo("pve2");
        }
        assertThat(lab.inspect(s).guest(101).node()).isEqualTo("pve2");

        // containers: no live migration; a restart migration stops it and starts it on the target
        assertThat(rejected(s, "/nodes/pve1/lxc/100/migrate", Map.of("target", "pve3"), 500).get("message").asText())
                .isEqualTo("can't migrate running container without --online or --restart\n");
        upid = task(s, "/nodes/pve1/lxc/100/migrate", Map.of("target", "pve3", "online", 1), "vzmigrate");
        advance(2);
        assertThat(status(s, upid).get("exitstatus").asText()).isEqualTo("migration aborted");
        assertThat(log(s, upid)).anyMatch(l -> l.matches("ERROR: migration aborted \\(duration 00:00:0\\d\\): lxc live migration is currently not implemented"));
        assertThat(lab.inspect(s).guest(100).node()).isEqualTo("pve1");
        upid = task(s, "/nodes/pve1/lxc/100/migrate", Map.of("target", "pve3", "restart", 1, "timeout", 60), "vzmigrate");
        advance(21);
        assertThat(status(s, upid).get("exitstatus").asText()).isEqualTo("OK");
        assertThat(log(s, upid)).contains("shutdown CT 100", "start container on target node");
        st = data(s, "/nodes/pve3/lxc/100/status/current");
        assertThat(st.get("status").asText()).isEqualTo("running");
        assertThat(st.get("uptime").asLong()).as("restarted on the target").isLessThan(5);
        assertThat(data(s, "/nodes/pve3/lxc/100/migrate").get("allowed-nodes").toString()).isEqualTo("[\"pve1\",\"pve2\"]");

        // to an offline node: the task fails and the guest stays; from an offline node: 595 like every proxied call
        lab.faults(s).nodeOffline("pve3", true);
        upid = task(s, "/nodes/pve2/qemu/102/migrate", Map.of("target", "pve3", "online", 1), "qmigrate");
        advance(2);
        assertThat(status(s, upid).get("exitstatus").asText()).isEqualTo("migration aborted");
        assertThat(log(s, upid)).anyMatch(l -> l.endsWith("Can't connect to destination address using public key"));
        assertThat(lab.inspect(s).guest(102).node()).isEqualTo("pve2");
        assertThat(lab.inspect(s).guest(102).lock()).isNull();
        rejected(s, "/nodes/pve3/qemu/104/migrate", Map.of("target", "pve1", "online", 1), 595);
        lab.faults(s).nodeOffline("pve3", false);

        // a stopped VM migrates offline and stays stopped
        task(s, "/nodes/pve2/qemu/102/status/stop", Map.of(), "qmstop");
        advance(6);
        task(s, "/nodes/pve2/qemu/102/migrate", Map.of("target", "pve1"), "qmigrate");
        advance(31);
        assertThat(data(s, "/nodes/pve1/qemu/102/status/current").get("status").asText()).isEqualTo("stopped");
    }

    @Test
    void nodeRebootGoesDownThenComesBack() throws Exception {
        String s = "store-0002";
        assertThat(rejected(s, "/nodes/pve2/status", Map.of("command", "halt"), 400).at("/errors/command").asText())
                .contains("enumeration 'reboot, shutdown'");

        LabClient.Resp r = call(s, "POST", "/nodes/pve2/status", Map.of("command", "reboot"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.data().isNull()).as("synchronous: null, not a UPID").isTrue();
        // down: the others report it offline and answer 595 for it; its own port closes
        assertThat(online(s, "pve2")).isEqualTo(0);
        assertThat(call(s, "GET", "/nodes/pve2/qemu", null).status()).isEqualTo(595);
        await("pve2 refuses connections", () -> refused(s, "pve2"));
        JsonNode ceph = data(s, "/cluster/ceph/status");
        assertThat(ceph.at("/health/status").asText()).isEqualTo("HEALTH_WARN");
        assertThat(ceph.at("/health/checks").has("OSD_DOWN")).isTrue();
        assertThat(ceph.at("/osdmap/num_up_osds").asInt()).isEqualTo(4);
        for (JsonNode g : data(s, "/cluster/resources?type=vm")) {
            if (g.get("node").asText().equals("pve2")) assertThat(g.get("status").asText()).isEqualTo("unknown");
        }
        assertThat(lab.inspect(s).guest(102).status()).as("its guests stopped with it").isEqualTo("stopped");
        assertThat(lab.inspect(s).nodes().get(1).rebooting()).isTrue();

        advance(30);
        assertThat(online(s, "pve2")).as("still booting").isEqualTo(0);
        advance(31);
        assertThat(online(s, "pve2")).isEqualTo(1);
        await("pve2 answers again", () -> answers(s, "pve2"));
        ceph = data(s, "/cluster/ceph/status");
        assertThat(ceph.at("/health/status").asText()).isEqualTo("HEALTH_OK");
        assertThat(ceph.at("/osdmap/num_up_osds").asInt()).isEqualTo(6);
        for (JsonNode o : data(s, "/nodes/pve1/ceph/osd").at("/root/children/0/children/1/children")) {
            assertThat(o.get("status").asText()).isEqualTo("up");
        }
        assertThat(data(s, "/nodes/pve2/status").get("uptime").asLong()).isLessThan(5);
        // pve-guests starts the guests marked onboot (the containers), not the others
        assertThat(data(s, "/nodes/pve2/lxc/103/status/current").get("status").asText()).isEqualTo("running");
        assertThat(data(s, "/nodes/pve2/qemu/102/status/current").get("status").asText()).isEqualTo("stopped");

        // shut down: off until powered on
        call(s, "POST", "/nodes/pve3/status", Map.of("command", "shutdown"));
        advance(600);
        assertThat(online(s, "pve3")).isEqualTo(0);
        await("pve3 refuses connections", () -> refused(s, "pve3"));
        assertThat(admin("POST", "/stores/" + s + "/nodes/pve3/power-on", null)).startsWith("200 ");
        advance(61);
        assertThat(online(s, "pve3")).isEqualTo(1);
        await("pve3 answers again", () -> answers(s, "pve3"));
    }

    @Test
    void aptVersionsLikePveManager() throws Exception {
        String s = "store-0003";
        JsonNode v = data(s, "/nodes/pve1/apt/versions");
        List<String> names = new ArrayList<>();
        for (JsonNode p : v) {
            names.add(p.get("Package").asText());
            assertThat(p.get("CurrentState").asText()).isEqualTo("Installed");
            assertThat(p.get("Version").asText()).isEqualTo(p.get("OldVersion").asText());
            assertThat(p.has("RunningKernel")).isEqualTo(p.get("Package").asText().equals("proxmox-ve"));
            assertThat(p.has("ManagerVersion")).isEqualTo(p.get("Package").asText().equals("pve-manager"));
            assertThat(p.get("Arch").asText()).isIn("amd64", "all");
        }
        assertThat(names.subList(0, 4)).containsExactly("proxmox-ve", "pve-manager", "proxmox-kernel-6.17", "proxmox-kernel-6.17.2-1-pve-signed");
        assertThat(names.subList(4, names.size())).isSorted().contains("ceph-common", "qemu-server", "pve-qemu-kvm");
        assertThat(v.get(0).get("Version").asText()).isEqualTo("9.1.0");
        assertThat(v.get(0).get("RunningKernel").asText()).isEqualTo("6.17.2-1-pve");
        assertThat(v.get(1).get("ManagerVersion").asText()).isEqualTo("9.1.2/4e5e1f0b3c6d8a29");
        assertThat(data(s, "/nodes/pve1/status").get("pveversion").asText()).isEqualTo("pve-manager/9.1.2/4e5e1f0b3c6d8a29");
        assertThat(AptApi.compareVersions("6.17.4-1", "6.17.10-1")).isNegative();
        assertThat(AptApi.compareVersions("19.2.3-pve1", "19.2.3~rc1-pve1")).isPositive();
        assertThat(AptApi.compareVersions("1:1.0", "2.0")).isPositive();
    }

    @Test
    void upgradeIsIdempotentAndANewKernelRunsAfterTheReboot() throws Exception {
        String s = "store-0004";
        assertThat(lab.upgradeNode(s, "pve3", WAVE)).isEqualTo(new Lab.UpgradeResult(true, true));
        assertThat(lab.upgradeNode(s, "pve3", WAVE)).as("again: nothing to do").isEqualTo(new Lab.UpgradeResult(false, true));
        assertThat(lab.operations(s).count("upgrade-node", "pve3")).isEqualTo(1);
        JsonNode v = data(s, "/nodes/pve3/apt/versions");
        assertThat(v.get(1).get("Version").asText()).isEqualTo("9.1.4");
        assertThat(v.get(1).get("ManagerVersion").asText()).startsWith("9.1.4/");
        assertThat(v.get(0).get("RunningKernel").asText()).as("until the reboot").isEqualTo("6.17.2-1-pve");
        assertThat(v.get(2).get("Package").asText()).isEqualTo("proxmox-kernel-6.17"); // 6.17.4-1: newest kernel first
        assertThat(v.get(3).get("Package").asText()).isEqualTo("proxmox-kernel-6.17.4-1-pve-signed");
        assertThat(call(s, "pve3", "GET", "/version", null).data().get("version").asText()).as("pve3's API server").isEqualTo("9.1.4");
        assertThat(data(s, "/version").get("version").asText()).as("pve1's").isEqualTo("9.1.2");
        assertThat(data(s, "/nodes/pve3/status").at("/current-kernel/release").asText()).isEqualTo("6.17.2-1-pve");

        assertThat(call(s, "POST", "/nodes/pve3/status", Map.of("command", "reboot")).status()).isEqualTo(200);
        advance(61);
        await("pve3 answers again", () -> answers(s, "pve3"));
        assertThat(data(s, "/nodes/pve3/apt/versions").get(0).get("RunningKernel").asText()).isEqualTo("6.17.4-1-pve");
        assertThat(data(s, "/nodes/pve3/status").at("/current-kernel/release").asText()).isEqualTo("6.17.4-1-pve");
        assertThat(lab.inspect(s).nodes().get(2).runningKernel()).isEqualTo("6.17.4-1-pve");
        assertThat(lab.upgradeNode(s, "pve3", WAVE)).isEqualTo(new Lab.UpgradeResult(false, false));
        assertThat(lab.upgradeNode(s, "pve3", Map.of("qemu-server", "9.1.3"))).isEqualTo(new Lab.UpgradeResult(true, false));
        // the kernel series' meta package pulls in its signed image, as apt does
        assertThat(lab.upgradeNode(s, "pve1", Map.of("proxmox-kernel-6.17", "6.17.5-2"))).isEqualTo(new Lab.UpgradeResult(true, true));
        assertThat(lab.inspect(s).nodes().get(0).packages()).containsEntry("proxmox-kernel-6.17.5-2-pve-signed", "6.17.5-2")
                .containsEntry("proxmox-kernel-6.17.2-1-pve-signed", "6.17.2-1");

        // dpkg fails: nothing installed; nothing to do does not fail
        lab.faults(s).failUpgrade("pve2", true);
        assertThatThrownBy(() -> lab.upgradeNode(s, "pve2", WAVE)).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("dpkg: error processing package").extracting(e -> ((ApiException) e).status()).isEqualTo(500);
        assertThat(lab.inspect(s).nodes().get(1).packages().get("pve-manager")).isEqualTo("9.1.2");
        assertThat(lab.upgradeNode(s, "pve2", Map.of("qemu-server", "9.1.1")).changed()).isFalse();
        assertThat(admin("POST", "/stores/" + s + "/nodes/pve2/upgrade", "{\"packages\":{\"qemu-server\":\"9.1.2\"}}"))
                .startsWith("500 dpkg: error processing package qemu-server (--configure):");
        lab.faults(s).failUpgrade("pve2", false);
        assertThat(admin("POST", "/stores/" + s + "/nodes/pve2/upgrade", "{\"packages\":{\"qemu-server\":\"9.1.2\"}}"))
                .startsWith("200 ").contains("\"changed\" : true", "\"rebootRequired\" : false");
        assertThat(admin("POST", "/stores/" + s + "/nodes/pve2/upgrade", "{\"packages\":{\"qemu-server\":\"9.1.2\"}}"))
                .contains("\"changed\" : false");
        assertThat(admin("POST", "/stores/" + s + "/nodes/pve2/upgrade", "{\"packages\":{\"qemu-server\":\"not a version\"}}")).startsWith("400 ");

        // a node that is down cannot be upgraded
        lab.faults(s).nodeOffline("pve2", true);
        assertThatThrownBy(() -> lab.upgradeNode(s, "pve2", WAVE)).isInstanceOf(ApiException.class).hasMessageContaining("the node is offline")
                .extracting(e -> ((ApiException) e).status()).isEqualTo(409);
        assertThat(admin("POST", "/stores/" + s + "/nodes/pve2/upgrade", "{\"packages\":{\"qemu-server\":\"9.1.2\"}}")).startsWith("409 ");
        lab.faults(s).nodeOffline("pve2", false);
        call(s, "POST", "/nodes/pve2/status", Map.of("command", "reboot"));
        assertThatThrownBy(() -> lab.upgradeNode(s, "pve2", WAVE)).hasMessageContaining("the node is rebooting");
        advance(61);
        assertThat(lab.upgradeNode(s, "pve2", WAVE).changed()).isTrue();
    }

    @Test
    void thePullAgentRunsTheTaggedBundleAndABadBundleShowsInTheSlos() throws Exception {
        String s = "store-0005";
        String vm = "/nodes/pve1/qemu/101";
        assertThat(metrics(s)).containsEntry("edge_bundle_info{version=\"2026.11.0\"}", 6.0);
        task(s, vm + "/snapshot", Map.of("snapname", "pre_2026_12_0"), "qmsnapshot");
        advance(11);
        // the tag is the desired bundle: nothing runs it before the guest starts again
        assertThat(call(s, "PUT", vm + "/config", Map.of("tags", "bundle-2026.12.0;tokenization")).status()).isEqualTo(200);
        assertThat(lab.inspect(s).guest(101).runningBundle()).isEqualTo("2026.11.0");
        assertThat(lab.inspect(s).guest(101).tags()).containsExactly("bundle-2026.12.0", "tokenization");
        String upid = task(s, vm + "/status/reboot", Map.of(), "qmreboot");
        assertThat(upid).contains(":qmreboot:101:");
        advance(41);
        assertThat(status(s, upid).get("exitstatus").asText()).isEqualTo("OK");
        assertThat(lab.inspect(s).guest(101).runningBundle()).isEqualTo("2026.12.0");
        Map<String, Double> m = metrics(s);
        assertThat(m).containsEntry("edge_bundle_info{version=\"2026.11.0\"}", 5.0).containsEntry("edge_bundle_info{version=\"2026.12.0\"}", 1.0);
        assertThat(m.get("edge_ttfb_p95_seconds")).isLessThan(0.25);

        // a bad bundle: the SLOs degrade, the probes still pass
        lab.badBundle("2026.12.0", true);
        m = metrics(s);
        assertThat(m.get("edge_ttfb_p95_seconds")).isGreaterThan(0.6);
        assertThat(m.get("edge_pos_latency_seconds")).isGreaterThan(0.11);
        assertThat(m.get("edge_cache_hit_ratio")).isLessThan(0.7);
        assertThat(m.get("edge_wan_availability_ratio")).isGreaterThan(0.99);
        assertThat(admin("GET", "/metrics", null)).contains("edge_ttfb_p95_seconds{store=\"" + s + "\"} " + String.format(java.util.Locale.ROOT, "%.4f", m.get("edge_ttfb_p95_seconds")));
        advance(31);
        assertThat(call(s, "POST", vm + "/agent/ping", Map.of()).status()).isEqualTo(200);

        // rollback: the snapshot's config (tags) is back, the guest stopped; its next start runs the restored tag's bundle
        upid = task(s, vm + "/snapshot/pre_2026_12_0/rollback", Map.of(), "qmrollback");
        advance(21);
        assertThat(status(s, upid).get("exitstatus").asText()).isEqualTo("OK");
        JsonNode cfg = data(s, vm + "/config");
        assertThat(cfg.get("tags").asText()).isEqualTo("bundle-2026.11.0;tokenization");
        assertThat(data(s, vm + "/status/current").get("status").asText()).isEqualTo("stopped");
        assertThat(metrics(s).get("edge_ttfb_p95_seconds")).as("no guest runs the bad bundle").isLessThan(0.25);
        task(s, vm + "/status/start", Map.of(), "qmstart");
        advance(21);
        assertThat(lab.inspect(s).guest(101).runningBundle()).isEqualTo("2026.11.0");
        m = metrics(s);
        assertThat(m).containsEntry("edge_bundle_info{version=\"2026.11.0\"}", 6.0).doesNotContainKey("edge_bundle_info{version=\"2026.12.0\"}");
        assertThat(m.get("edge_cache_hit_ratio")).isGreaterThan(0.9);
        JsonNode snaps = data(s, vm + "/snapshot");
        assertThat(snaps.get(snaps.size() - 1).get("parent").asText()).isEqualTo("pre_2026_12_0");

        // a container reboot runs its pull agent too
        call(s, "PUT", "/nodes/pve1/lxc/100/config", Map.of("tags", "bundle-2026.12.0;dns"));
        task(s, "/nodes/pve1/lxc/100/status/reboot", Map.of(), "vzreboot");
        advance(21);
        assertThat(lab.inspect(s).guest(100).runningBundle()).isEqualTo("2026.12.0");
        assertThat(metrics(s).get("edge_ttfb_p95_seconds")).isGreaterThan(0.6);
        assertThat(admin("DELETE", "/bad-bundles/2026.12.0", null)).isEqualTo("200 [ ]\n");
        assertThat(metrics(s).get("edge_ttfb_p95_seconds")).isLessThan(0.25);
        assertThat(admin("PUT", "/bad-bundles/2026.12.0", null)).startsWith("200 ").contains("\"2026.12.0\"");
        assertThat(lab.badBundles()).containsExactly("2026.12.0");
        lab.badBundle("2026.12.0", false);

        // "the store already runs v": tag and running bundle of every guest
        lab.faults(s).bundleVersion("2026.12.1");
        assertThat(lab.inspect(s).guests()).allSatisfy(g -> {
            assertThat(g.runningBundle()).isEqualTo("2026.12.1");
            assertThat(g.tags()).contains("bundle-2026.12.1");
        });
        assertThat(metrics(s)).containsEntry("edge_bundle_info{version=\"2026.12.1\"}", 6.0);
    }

    @Test
    void operationsAreCountedByKindAndTarget() throws Exception {
        String s = "store-0006";
        String vm = "/nodes/pve1/qemu/101";
        task(s, vm + "/snapshot", Map.of("snapname", "pre_x"), "qmsnapshot");
        advance(11);
        rejected(s, vm + "/snapshot", Map.of("snapname", "pre_x"), 500); // refused: not counted
        call(s, "PUT", vm + "/config", Map.of("tags", "bundle-2026.12.0;tokenization"));
        call(s, "PUT", vm + "/config", Map.of("tags", "tokenization;bundle-2026.12.0")); // the same bundle
        call(s, "PUT", vm + "/config", Map.of("description", "no tag change"));
        task(s, "/nodes/pve2/qemu/102/config", Map.of("tags", "bundle-2026.12.0;inventory"), "qmconfig");
        advance(2);
        task(s, vm + "/snapshot/pre_x/rollback", Map.of("start", 1), "qmrollback");
        advance(21);
        task(s, vm + "/status/reboot", Map.of(), "qmreboot");
        advance(41);
        assertThat(call(s, "DELETE", vm + "/snapshot/pre_x", null).data().asText()).contains(":qmdelsnapshot:101:");
        assertThat(call(s, "DELETE", vm + "/snapshot/pre_x", null).status()).as("a retry while it runs").isEqualTo(200);
        advance(11);
        task(s, "/nodes/pve2/qemu/102/migrate", Map.of("target", "pve3", "online", 1), "qmigrate");
        advance(31);
        call(s, "PUT", "/cluster/ceph/flags", Map.of("noout", 1, "norebalance", 1));
        advance(3);
        call(s, "PUT", "/cluster/ceph/flags/noout", Map.of("value", 0));
        lab.upgradeNode(s, "pve2", WAVE);
        lab.upgradeNode(s, "pve2", WAVE);
        call(s, "POST", "/nodes/pve2/status", Map.of("command", "reboot"));

        LabInspection.Operations ops = lab.operations(s);
        assertThat(ops.byKind()).containsExactlyInAnyOrderEntriesOf(Map.of("snapshot", 1, "set-bundle-tag", 2, "rollback", 1, "reboot-guest", 1,
                "delsnapshot", 2, "migrate", 1, "set-ceph-flag", 3, "upgrade-node", 1, "reboot-node", 1));
        assertThat(ops.count("set-bundle-tag", "101")).isEqualTo(1);
        assertThat(ops.count("set-bundle-tag", "102")).isEqualTo(1);
        assertThat(ops.count("set-ceph-flag", "noout")).isEqualTo(2);
        assertThat(ops.count("set-ceph-flag", "norebalance")).isEqualTo(1);
        assertThat(ops.count("reboot-node", "pve2")).isEqualTo(1);
        assertThat(ops.count("migrate", "102")).isEqualTo(1);
        assertThat(ops.count("reboot-guest", "104")).isZero();
        assertThat(ops.byKind()).isUnmodifiable();

        LabInspection in = lab.inspect(s);
        assertThat(in.operations()).isEqualTo(ops);
        assertThat(in.cephFlags()).containsExactly("norebalance");
        assertThat(in.guest(101).snapshots()).isEmpty();
        assertThat(in.guest(102).node()).isEqualTo("pve3");
        String json = admin("GET", "/stores/" + s + "/operations", null);
        assertThat(json).startsWith("200 ");
        JsonNode j = LabClient.JSON.readTree(json.substring(4));
        assertThat(j.at("/byKind/migrate").asInt()).isEqualTo(1);
        assertThat(j.at("/byTarget/set-ceph-flag/noout").asInt()).isEqualTo(2);
        JsonNode inspected = LabClient.JSON.readTree(admin("GET", "/lab/stores/" + s + "/inspect", null).substring(4));
        assertThat(inspected.at("/guests/1/runningBundle").asText()).isNotEmpty();
        assertThat(inspected.at("/nodes/0/packages/pve-manager").asText()).isEqualTo("9.1.2");
        assertThat(admin("DELETE", "/stores/" + s + "/operations", null)).contains("\"byKind\" : { }");
        assertThat(lab.operations(s).count("migrate")).isZero();
    }

    @Test
    void aDownNodeDropsConnectionsBeforeItsPortCloses() throws Exception {
        // the reboot call itself is answered (the node "sleeps 2" before it goes down); what comes after is not
        String s = "store-0003";
        URI own = lab.pveUri(s, "pve3");
        assertThat(client.call("POST", own, "/nodes/pve3/status", lab.credentials(s).pveAuthorization(), Map.of("command", "reboot")).status())
                .isEqualTo(200);
        assertThatThrownBy(() -> new LabClient(LabApiTest.pins(lab)).call("GET", own, "/version", lab.credentials(s).pveAuthorization(), null))
                .isInstanceOf(IOException.class);
        advance(61);
        await("pve3 answers again", () -> answers(s, "pve3"));
    }
}
