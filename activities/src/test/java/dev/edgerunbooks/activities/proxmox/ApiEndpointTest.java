package dev.edgerunbooks.activities.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiEndpointTest {
  static final String SECRET = "0b7e5a1c-6b1f-4a62-9d8b-3f2f2d9c1e11";
  static final ClientSettings FAST =
      new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 0, Duration.ofMillis(10), 3);

  TlsServer node;

  @BeforeEach
  void start() throws Exception {
    node = new TlsServer("pve1");
  }

  @AfterEach
  void stop() {
    node.close();
  }

  static ApiEndpoint endpoint(ApiFlavor flavor, URI uri, String pin, ClientSettings settings) {
    String tokenId = flavor == ApiFlavor.PVE ? "edgerun@pve!runbooks" : "edgerun@pbs!runbooks";
    return new ApiEndpoint(
        "s001", flavor, ApiConnection.open("PVE node pve1", uri, pin, settings.connectTimeout()), tokenId, SECRET,
        settings, StoreRateLimit.unlimited());
  }

  ApiEndpoint pve() {
    return endpoint(ApiFlavor.PVE, node.endpoint(), node.fingerprint(), FAST);
  }

  @Test
  void pveTokenHeaderQueryStringAndEnvelope() throws Exception {
    node.enqueue(200, "{\"data\":[{\"type\":\"cluster\",\"name\":\"s001\",\"quorate\":1,\"nodes\":3},"
        + "{\"type\":\"node\",\"name\":\"pve1\",\"online\":1,\"local\":0,\"nodeid\":1,\"extra\":\"x\"}]}");
    PveClient client = new PveClient("s001", List.of(pve()));

    List<ClusterStatusEntry> status = client.clusterStatus();
    node.enqueue(200, "{\"data\":[]}");
    client.clusterResources("vm");

    assertThat(status).hasSize(2);
    assertThat(status.get(0).quorate()).isTrue();
    assertThat(status.get(1).online()).isTrue();
    assertThat(status.get(1).local()).isFalse();
    RecordedRequest first = node.server.takeRequest();
    assertThat(first.getHeaders().get("Authorization")).isEqualTo("PVEAPIToken=edgerun@pve!runbooks=" + SECRET);
    assertThat(first.getTarget()).isEqualTo("/api2/json/cluster/status");
    assertThat(node.server.takeRequest().getTarget()).isEqualTo("/api2/json/cluster/resources?type=vm");
  }

  @Test
  void pbsTokenHeaderUsesAColonAndPostSendsAForm() throws Exception {
    ApiEndpoint pbs = endpoint(ApiFlavor.PBS, node.endpoint(), node.fingerprint(), FAST);
    node.enqueue(200, "{\"data\":\"UPID:pbs:000010F1:00AB12CD:00000002:66A0B1C2:verify_snapshot:store1\\\\x3avm-100:edgerun@pbs!runbooks:\"}");

    Upid upid = new PbsClient(pbs).verify("store 1", "vm", "100", Instant.ofEpochSecond(1_700_000_000));

    assertThat(upid.type()).isEqualTo("verify_snapshot");
    RecordedRequest request = node.server.takeRequest();
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("PBSAPIToken=edgerun@pbs!runbooks:" + SECRET);
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo("/api2/json/admin/datastore/store%201/verify");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(request.getBody().utf8()).isEqualTo("backup-type=vm&backup-id=100&backup-time=1700000000");
  }

  @Test
  void pinInLowerCaseWithoutColonsIsAccepted() {
    String pin = node.fingerprint().replace(":", "").toLowerCase();
    node.enqueue(200, "{\"data\":null}");
    ApiEndpoint endpoint = endpoint(ApiFlavor.PVE, node.endpoint(), pin, FAST);
    assertThat(endpoint.get("/version", Map.of(), new TypeReference<Object>() {})).isNull();
  }

  @Test
  void wrongPinIsRefusedBeforeAnyRequestReachesTheServer() throws Exception {
    try (TlsServer other = new TlsServer("impostor")) {
      String pinned = other.fingerprint();
      ApiEndpoint endpoint = endpoint(ApiFlavor.PVE, node.endpoint(), pinned, FAST);
      node.enqueue(200, "{\"data\":[]}");

      ApplicationFailure failure =
          catchThrowableOfType(ApplicationFailure.class, () -> new PveClient("s001", List.of(endpoint)).clusterStatus());

      assertThat(failure.getType()).isEqualTo(FailureTypes.TLS_PIN_MISMATCH);
      assertThat(failure.isNonRetryable()).isTrue();
      assertThat(failure.getOriginalMessage())
          .contains(pinned)
          .contains(node.fingerprint())
          .contains(node.endpoint().toString())
          .contains("s001");
      assertThat(node.server.getRequestCount()).isZero();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "401, ProxmoxAuthFailed, false, check the API token",
    "403, ProxmoxPermissionDenied, false, lacks a privilege",
    "404, ProxmoxNotFound, false, no such object",
    "501, ProxmoxNotFound, false, no such object",
    "500, ProxmoxServerError, true, server failed",
    "502, ProxmoxServerError, true, server failed",
    "595, StoreUnreachable, true, could not reach",
    "596, StoreUnreachable, true, could not reach",
  })
  void httpStatusMapsToAStableFailureType(int status, String type, boolean retryable, String advice) {
    String body = status == 401 ? "" : "{\"data\":null,\"message\":\"VM 100 is not running\\n\"}";
    node.enqueue(status, body);

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> new PveClient("s001", List.of(pve())).nodeStatus("pve1"));

    assertThat(failure.getType()).isEqualTo(type);
    assertThat(failure.isNonRetryable()).isEqualTo(!retryable);
    assertThat(failure.getOriginalMessage())
        .contains("GET /nodes/pve1/status")
        .contains("s001")
        .contains("HTTP " + status)
        .contains(advice)
        .doesNotContain(SECRET);
  }

  @Test
  void badRequestCarriesTheErrorsMap() {
    node.enqueue(400, "{\"data\":null,\"message\":\"Parameter verification failed.\\n\","
        + "\"errors\":{\"vmid\":\"invalid format - value does not look like a valid VM ID\\n\"}}");

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class,
            () -> new PveClient("s001", List.of(pve())).storageContent("pve1", "pbs", "backup", 7));

    assertThat(failure.getType()).isEqualTo(FailureTypes.BAD_REQUEST);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("Parameter verification failed.")
        .contains("vmid=invalid format - value does not look like a valid VM ID");
  }

  @Test
  void pbsErrorIsAPlainJsonString() {
    ApiEndpoint pbs = endpoint(ApiFlavor.PBS, node.endpoint(), node.fingerprint(), FAST);
    node.enqueue(400, "\"datastore 'nope' does not exist\"");

    assertThatThrownBy(() -> new PbsClient(pbs).snapshots("nope", "vm", "100"))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureTypes.BAD_REQUEST);
          assertThat(f.getOriginalMessage()).contains(": datastore 'nope' does not exist;");
        });
  }

  @Test
  void pbsErrorAsPlainTextIsKeptToo() {
    ApiEndpoint pbs = endpoint(ApiFlavor.PBS, node.endpoint(), node.fingerprint(), FAST);
    node.enqueue(403, "permission check failed");

    assertThatThrownBy(() -> new PbsClient(pbs).datastores())
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureTypes.PERMISSION_DENIED);
          assertThat(f.getOriginalMessage()).contains("permission check failed");
        });
  }

  @Test
  void connectionRefusedIsUnreachableAndRetryable() throws Exception {
    ApiEndpoint endpoint = endpoint(ApiFlavor.PVE, TlsServer.refusingEndpoint(), node.fingerprint(), FAST);

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> endpoint.get("/version", Map.of(), new TypeReference<Object>() {}));

    assertThat(failure.getType()).isEqualTo(FailureTypes.STORE_UNREACHABLE);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("connection refused").contains("s001");
  }

  @Test
  void requestTimeoutIsUnreachableAndRetryable() {
    node.server.enqueue(new MockResponse.Builder().code(200).body("{\"data\":null}")
        .headersDelay(2, TimeUnit.SECONDS).build());
    ApiEndpoint endpoint =
        endpoint(ApiFlavor.PVE, node.endpoint(), node.fingerprint(), FAST.withRequestTimeout(Duration.ofMillis(200)));

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> endpoint.get("/version", Map.of(), new TypeReference<Object>() {}));

    assertThat(failure.getType()).isEqualTo(FailureTypes.STORE_UNREACHABLE);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("no answer within PT0.2S");
  }

  @Test
  void missingEnvelopeIsAServerError() {
    node.enqueue(200, "<html>proxy error</html>");
    assertThatThrownBy(() -> pve().get("/version", Map.of(), new TypeReference<Object>() {}))
        .isInstanceOfSatisfying(ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(FailureTypes.API_SERVER_ERROR));
  }

  @Test
  void endpointDescriptionNeverShowsTheSecret() {
    assertThat(pve().toString()).doesNotContain(SECRET);
  }
}
