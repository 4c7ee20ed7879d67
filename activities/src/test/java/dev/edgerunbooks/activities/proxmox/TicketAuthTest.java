package dev.edgerunbooks.activities.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TicketAuthTest {
  static final String PASSWORD = "c0rrect horse+battery&staple";
  static final String TICKET = "PVE:root@pam:6743A1B2::dGlja2V0c2lnbmF0dXJl+/=";
  static final String CSRF = "6743A1B2:Y3NyZnNpZ25hdHVyZQ";
  static final String UPID = "UPID:pve1:00001234:00ABCDEF:6743A1B2:clustercreate:edge:root@pam:";

  TlsServer node;

  @BeforeEach
  void start() throws Exception {
    node = new TlsServer("pve1");
  }

  @AfterEach
  void stop() {
    node.close();
  }

  ApiEndpoint token() {
    return ApiEndpointTest.endpoint(ApiFlavor.PVE, node.endpoint(), node.fingerprint(), ApiEndpointTest.FAST);
  }

  static String ticketAnswer() {
    return "{\"data\":{\"username\":\"root@pam\",\"ticket\":\"" + TICKET + "\",\"CSRFPreventionToken\":\"" + CSRF
        + "\",\"clustername\":null}}";
  }

  @Test
  void loginPostsThePasswordOnceThenSendsTheCookieAndCsrfOnlyWhenChanging() throws Exception {
    node.enqueue(200, ticketAnswer());
    node.enqueue(200, "{\"data\":[]}");
    node.enqueue(200, "{\"data\":\"" + UPID + "\"}");

    ApiEndpoint root = token().login("root@pam", PASSWORD);
    root.get("/cluster/status", Map.of(), new TypeReference<Object>() {});
    root.post("/cluster/config", PveClient.params("clustername", "edge"), new TypeReference<String>() {});

    RecordedRequest login = node.server.takeRequest();
    assertThat(login.getTarget()).isEqualTo("/api2/json/access/ticket");
    assertThat(login.getHeaders().get("Authorization")).isNull();
    assertThat(login.getHeaders().get("Cookie")).isNull();
    assertThat(login.getBody().utf8())
        .isEqualTo("username=root%40pam&password=c0rrect%20horse%2Bbattery%26staple");
    RecordedRequest get = node.server.takeRequest();
    assertThat(get.getHeaders().get("Cookie")).isEqualTo("PVEAuthCookie=" + TICKET);
    assertThat(get.getHeaders().get("CSRFPreventionToken")).isNull();
    assertThat(get.getHeaders().get("Authorization")).isNull();
    RecordedRequest post = node.server.takeRequest();
    assertThat(post.getHeaders().get("Cookie")).isEqualTo("PVEAuthCookie=" + TICKET);
    assertThat(post.getHeaders().get("CSRFPreventionToken")).isEqualTo(CSRF);
    assertThat(root.usesTicket()).isTrue();
    assertThat(root.toString()).contains("ticket of root@pam").doesNotContain(TICKET).doesNotContain(CSRF);
  }

  @Test
  void aRefusedPasswordIsAuthFailedAndNeverShown() {
    node.enqueue(401, "");

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> token().login("root@pam", PASSWORD));

    assertThat(failure.getType()).isEqualTo(FailureTypes.AUTH_FAILED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("POST /access/ticket")
        .contains("password of root@pam was refused")
        .doesNotContain(PASSWORD)
        .doesNotContain("horse");
  }

  @Test
  void aLoginThatNeedsASecondFactorIsRefused() {
    node.enqueue(200, "{\"data\":{\"username\":\"root@pam\",\"ticket\":null,\"NeedTFA\":1}}");

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> token().login("root@pam", PASSWORD));

    assertThat(failure.getType()).isEqualTo(FailureTypes.AUTH_FAILED);
    assertThat(failure.getOriginalMessage()).contains("second factor");
  }

  @Test
  void rootOnlyRoutesLogInOnceWhileEveryOtherCallKeepsTheToken() throws Exception {
    AtomicInteger passwordReads = new AtomicInteger();
    PveClient client = new PveClient("s001", List.of(token()), () -> {
      passwordReads.incrementAndGet();
      return PASSWORD;
    });
    node.enqueue(200, ticketAnswer());
    node.enqueue(200, "{\"data\":\"" + UPID + "\"}");
    node.enqueue(200, "{\"data\":[]}");
    node.enqueue(200, "{\"data\":\"" + UPID.replace("clustercreate:edge", "cephcreateosd:nvme0n1") + "\"}");

    Upid created = client.createCluster("edge");
    client.clusterStatus();
    Upid osd = client.createOsd("pve1", "/dev/nvme0n1");

    assertThat(created.type()).isEqualTo("clustercreate");
    assertThat(osd.type()).isEqualTo("cephcreateosd");
    assertThat(passwordReads).hasValue(1);
    assertThat(node.server.takeRequest().getTarget()).isEqualTo("/api2/json/access/ticket");
    RecordedRequest create = node.server.takeRequest();
    assertThat(create.getTarget()).isEqualTo("/api2/json/cluster/config");
    assertThat(create.getHeaders().get("Cookie")).isEqualTo("PVEAuthCookie=" + TICKET);
    assertThat(create.getBody().utf8()).isEqualTo("clustername=edge");
    RecordedRequest status = node.server.takeRequest();
    assertThat(status.getHeaders().get("Authorization")).startsWith("PVEAPIToken=");
    assertThat(status.getHeaders().get("Cookie")).isNull();
    RecordedRequest osdRequest = node.server.takeRequest();
    assertThat(osdRequest.getTarget()).isEqualTo("/api2/json/nodes/pve1/ceph/osd");
    assertThat(osdRequest.getHeaders().get("CSRFPreventionToken")).isEqualTo(CSRF);
    assertThat(osdRequest.getBody().utf8()).isEqualTo("dev=%2Fdev%2Fnvme0n1");
  }

  @Test
  void aClientWithoutRootPasswordRefusesRootOnlyRoutesBeforeSendingAnything() {
    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> new PveClient("s001", List.of(token())).createCluster("edge"));

    assertThat(failure.getType()).isEqualTo(FailureTypes.AUTH_FAILED);
    assertThat(failure.getOriginalMessage()).contains("root@pam");
    assertThat(node.server.getRequestCount()).isZero();
  }

  @Test
  void anArrayParameterRepeatsItsKey() {
    assertThat(ApiEndpoint.formEncode(PveClient.params("command", List.of("sh", "-c", "echo ok"), "pid", 7)))
        .isEqualTo("command=sh&command=-c&command=echo%20ok&pid=7");
  }
}
