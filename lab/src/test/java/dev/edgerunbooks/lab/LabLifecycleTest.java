package dev.edgerunbooks.lab;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LabLifecycleTest {

    @Test
    void fingerprintsAndSecretsAreDeterministic() {
        LabOptions o = LabOptions.defaults().withStores(2).withBasePort(0).withAdminPort(0).withTimeScale(0).withAuthFailureDelay(Duration.ZERO);
        String a, b, sa, sb;
        try (Lab lab = Lab.start(o)) {
            a = lab.fingerprint("store-0002", "pve3") + lab.fingerprint("store-0002", "pbs");
            sa = lab.credentials("store-0002").pveSecret();
        }
        try (Lab lab = Lab.start(o)) {
            b = lab.fingerprint("store-0002", "pve3") + lab.fingerprint("store-0002", "pbs");
            sb = lab.credentials("store-0002").pveSecret();
            assertThat(lab.fingerprint("store-0001", "pve3")).isNotEqualTo(lab.fingerprint("store-0002", "pve3"));
        }
        assertThat(a).isEqualTo(b).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(sa).isEqualTo(sb);
        try (Lab lab = Lab.start(o.withSeed("other"))) {
            assertThat(lab.fingerprint("store-0002", "pve3")).isNotEqualTo(a.substring(0, 95));
        }
    }

    @Test
    void taskRunsThenStopsWithTheClock() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        LabOptions o = LabOptions.defaults().withStores(1).withBasePort(0).withAdminPort(0).withTimeScale(1.0)
                .withAuthFailureDelay(Duration.ZERO).withClock(clock).withStaging(false);
        try (Lab lab = Lab.start(o)) {
            LabClient c = new LabClient(LabApiTest.pins(lab));
            String auth = lab.credentials("store-0001").pveAuthorization();
            var base = lab.pveUri("store-0001", "pve1");
            String upid = c.call("POST", base, "/nodes/pve1/qemu/101/status/shutdown", auth, Map.of()).data().asText();
            JsonNode st = c.call("GET", base, "/nodes/pve1/tasks/" + LabClient.enc(upid) + "/status", auth, null).data();
            assertThat(st.get("status").asText()).isEqualTo("running");
            assertThat(st.has("exitstatus")).isFalse();
            assertThat(c.call("GET", base, "/nodes/pve1/qemu/101/status/current", auth, null).data().get("status").asText()).isEqualTo("running");
            clock.advance(Duration.ofSeconds(31));
            st = c.call("GET", base, "/nodes/pve1/tasks/" + LabClient.enc(upid) + "/status", auth, null).data();
            assertThat(st.get("status").asText()).isEqualTo("stopped");
            assertThat(st.get("exitstatus").asText()).isEqualTo("OK");
            assertThat(c.call("GET", base, "/nodes/pve1/qemu/101/status/current", auth, null).data().get("status").asText()).isEqualTo("stopped");
        }
    }

    @Test
    void fiveHundredStoresStart() {
        long t0 = System.nanoTime();
        try (Lab lab = Lab.start(LabOptions.defaults().withStores(500).withBasePort(0).withAdminPort(0).withTimeScale(0).withAuthFailureDelay(Duration.ZERO))) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("500 stores (" + (lab.storeIds().size() * 4 + lab.stagingIds().size() * 3) + " HTTPS ports) started in " + ms + " ms");
            assertThat(lab.storeIds()).hasSize(500);
            assertThat(ms).isLessThan(60_000);
        }
        System.out.println("500 stores started and stopped in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
}
