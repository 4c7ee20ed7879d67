package dev.edgerunbooks.activities.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PveFailoverTest {
  TlsServer pve2;
  URI refusing;

  @BeforeEach
  void start() throws Exception {
    pve2 = new TlsServer("pve2");
    refusing = TlsServer.refusingEndpoint();
  }

  @AfterEach
  void stop() {
    pve2.close();
  }

  ApiEndpoint node(String name, URI uri, ClientSettings settings) {
    return new ApiEndpoint("s001", ApiFlavor.PVE, ApiConnection.open("PVE node " + name, uri, pve2.fingerprint(),
        settings.connectTimeout()), "edgerun@pve!runbooks", ApiEndpointTest.SECRET, settings, StoreRateLimit.unlimited());
  }

  @Test
  void failsOverToTheNextNodeWhenTheFirstRefusesAndStaysThere() throws Exception {
    PveClient client = new PveClient("s001", List.of(
        node("pve1", refusing, ApiEndpointTest.FAST), node("pve2", pve2.endpoint(), ApiEndpointTest.FAST)));
    pve2.enqueue(200, "{\"data\":[{\"id\":\"qemu/100\",\"type\":\"qemu\",\"vmid\":100,\"name\":\"pos\",\"node\":\"pve1\",\"template\":0},"
        + "{\"id\":\"lxc/101\",\"type\":\"lxc\",\"vmid\":101,\"name\":\"dns\",\"node\":\"pve2\"},"
        + "{\"id\":\"node/pve1\",\"type\":\"node\",\"node\":\"pve1\"}]}");
    pve2.enqueue(200, "{\"data\":{\"health\":{\"status\":\"HEALTH_WARN\",\"checks\":{\"OSDMAP_FLAGS\":"
        + "{\"severity\":\"HEALTH_WARN\",\"summary\":{\"message\":\"noout flag(s) set\"}}}},"
        + "\"osdmap\":{\"num_osds\":6,\"num_up_osds\":6,\"num_in_osds\":6},"
        + "\"pgmap\":{\"pgs_by_state\":[{\"state_name\":\"active+clean\",\"count\":129}]}}}");

    List<Guest> guests = client.clusterGuests();
    CephStatus ceph = client.cephStatus();

    assertThat(guests).extracting(Guest::vmid, Guest::type, Guest::node)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(100, "qemu", "pve1"),
            org.assertj.core.groups.Tuple.tuple(101, "lxc", "pve2"));
    assertThat(guests.get(0).template()).isFalse();
    assertThat(ceph.health().checks().get("OSDMAP_FLAGS").summary().message()).isEqualTo("noout flag(s) set");
    assertThat(ceph.osdmap().numUpOsds()).isEqualTo(6);
    assertThat(pve2.server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void whenNoNodeAnswersTheFailureNamesEveryNodeTried() throws Exception {
    PveClient client = new PveClient("s001", List.of(
        node("pve1", refusing, ApiEndpointTest.FAST), node("pve2", TlsServer.refusingEndpoint(), ApiEndpointTest.FAST)));

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, client::clusterStatus);

    assertThat(failure.getType()).isEqualTo(FailureTypes.STORE_UNREACHABLE);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("s001").contains("PVE node pve1, PVE node pve2");
  }

  @Test
  void aPermanentErrorDoesNotFailOver() throws Exception {
    try (TlsServer pve1 = new TlsServer("pve1")) {
      pve1.enqueue(401, "");
      PveClient client = new PveClient("s001", List.of(
          new ApiEndpoint("s001", ApiFlavor.PVE, ApiConnection.open("PVE node pve1", pve1.endpoint(), pve1.fingerprint(),
              Duration.ofSeconds(1)), "edgerun@pve!runbooks", "x", ApiEndpointTest.FAST, StoreRateLimit.unlimited()),
          node("pve2", pve2.endpoint(), ApiEndpointTest.FAST)));

      ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, client::clusterStatus);

      assertThat(failure.getType()).isEqualTo(FailureTypes.AUTH_FAILED);
      assertThat(pve2.server.getRequestCount()).isZero();
    }
  }

  @Test
  void aChangeIsNotRepeatedOnAnotherNodeAfterARequestTimedOut() throws Exception {
    try (TlsServer pve1 = new TlsServer("pve1")) {
      pve1.server.enqueue(new MockResponse.Builder().code(200).body("{\"data\":null}").headersDelay(2, TimeUnit.SECONDS).build());
      ClientSettings quick = ApiEndpointTest.FAST.withRequestTimeout(Duration.ofMillis(200));
      PveClient client = new PveClient("s001", List.of(
          new ApiEndpoint("s001", ApiFlavor.PVE, ApiConnection.open("PVE node pve1", pve1.endpoint(), pve1.fingerprint(),
              Duration.ofSeconds(1)), "edgerun@pve!runbooks", "x", quick, StoreRateLimit.unlimited()),
          node("pve2", pve2.endpoint(), quick)));

      ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
          () -> client.post("/nodes/pve1/qemu/100/status/start", Map.of(), new TypeReference<String>() {}));

      assertThat(failure.getType()).isEqualTo(FailureTypes.STORE_UNREACHABLE);
      assertThat(pve2.server.getRequestCount()).isZero();
    }
  }
}
