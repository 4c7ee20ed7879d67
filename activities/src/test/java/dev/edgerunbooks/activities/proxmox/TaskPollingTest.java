package dev.edgerunbooks.activities.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskPollingTest {
  static final String PVE_UPID = "UPID:pve2:0003A1B2:0A1B2C3D:65920A80:vzdump:100:edgerun@pve!runbooks:";
  static final String PBS_UPID =
      "UPID:pbs1:000010F1:00AB12CD:0000002A:66A0B1C2:verify_snapshot:store1\\\\x3avm-100:edgerun@pbs!runbooks:";

  TlsServer server;
  final List<TaskProgress> heartbeats = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new TlsServer("pve1");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  PveClient pve() {
    return new PveClient("s001",
        List.of(ApiEndpointTest.endpoint(ApiFlavor.PVE, server.endpoint(), server.fingerprint(), ApiEndpointTest.FAST)));
  }

  PbsClient pbs() {
    return new PbsClient(
        ApiEndpointTest.endpoint(ApiFlavor.PBS, server.endpoint(), server.fingerprint(), ApiEndpointTest.FAST));
  }

  static String running() {
    return "{\"data\":{\"status\":\"running\",\"type\":\"vzdump\"}}";
  }

  static String stopped(String exit) {
    return "{\"data\":{\"status\":\"stopped\",\"exitstatus\":\"" + exit + "\",\"type\":\"vzdump\"}}";
  }

  @Test
  void pollsThePveNodeOfTheTaskUntilStoppedAndHeartbeatsEveryPoll() throws Exception {
    server.enqueue(200, running());
    server.enqueue(200, running());
    server.enqueue(200, stopped("OK"));

    TaskStatus end = pve().awaitTask(Upid.parse(PVE_UPID), heartbeats::add);

    assertThat(end.exitstatus()).isEqualTo("OK");
    assertThat(heartbeats).hasSize(3);
    assertThat(heartbeats).extracting(TaskProgress::status).containsExactly("running", "running", "stopped");
    assertThat(heartbeats).extracting(TaskProgress::polls).containsExactly(1, 2, 3);
    assertThat(heartbeats.get(0).upid()).isEqualTo(PVE_UPID);
    RecordedRequest poll = server.server.takeRequest();
    assertThat(poll.getTarget()).isEqualTo("/api2/json/nodes/pve2/tasks/" + Upid.parse(PVE_UPID).pathSegment() + "/status");
  }

  @Test
  void warningsCountAsSuccess() {
    server.enqueue(200, stopped("WARNINGS: 2"));

    assertThat(pve().awaitTask(Upid.parse(PVE_UPID), heartbeats::add).succeeded()).isTrue();
  }

  @Test
  void aFailedTaskIsNonRetryableWithTheExitStatusAndTheLastLogLines() {
    server.enqueue(200, running());
    server.enqueue(200, stopped("job errors"));
    server.enqueue(200, "{\"data\":[{\"n\":1,\"t\":\"INFO: starting new backup job\"},"
        + "{\"n\":2,\"t\":\"ERROR: Backup of VM 100 failed - no space left\"},{\"n\":3,\"t\":\"TASK ERROR: job errors\"}],\"total\":3}");

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> pve().awaitTask(Upid.parse(PVE_UPID), heartbeats::add));

    assertThat(failure.getType()).isEqualTo(FailureTypes.TASK_FAILED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("'job errors'")
        .contains("ERROR: Backup of VM 100 failed - no space left")
        .contains("TASK ERROR: job errors")
        .contains("s001");
    assertThat(heartbeats).hasSize(2);
  }

  @Test
  void awaitTaskEndReturnsAFailureAsAResult() {
    server.enqueue(200, stopped("verification failed - please check the log for details"));

    TaskStatus end = pbs().awaitTaskEnd(Upid.parse(PBS_UPID.replace("\\\\", "\\")), heartbeats::add);

    assertThat(end.succeeded()).isFalse();
    assertThat(end.exitstatus()).startsWith("verification failed");
  }

  @Test
  void pbsTasksArePolledOnLocalhost() throws Exception {
    server.enqueue(200, stopped("OK"));
    Upid upid = Upid.parse(PBS_UPID.replace("\\\\", "\\"));

    pbs().awaitTask(upid, heartbeats::add);

    assertThat(server.server.takeRequest().getTarget())
        .isEqualTo("/api2/json/nodes/localhost/tasks/" + upid.pathSegment() + "/status");
  }

  @Test
  void ridesOutAFewTransientErrorsWhilePolling() {
    server.enqueue(200, running());
    server.enqueue(500, "{\"data\":null,\"message\":\"got timeout\"}");
    server.enqueue(596, "");
    server.enqueue(200, stopped("OK"));

    assertThat(pve().awaitTask(Upid.parse(PVE_UPID), heartbeats::add).succeeded()).isTrue();
    assertThat(heartbeats).extracting(TaskProgress::status).containsExactly("running", "unknown", "unknown", "stopped");
  }

  @Test
  void givesUpAfterTooManyTransientErrorsInARow() {
    for (int i = 0; i < 4; i++) {
      server.enqueue(500, "{\"data\":null,\"message\":\"got timeout\"}");
    }

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> pve().awaitTask(Upid.parse(PVE_UPID), heartbeats::add));

    assertThat(failure.getType()).isEqualTo(FailureTypes.API_SERVER_ERROR);
    assertThat(heartbeats).hasSize(3);
  }

  @Test
  void aPermanentErrorWhilePollingStopsAtOnce() {
    server.enqueue(403, "{\"data\":null,\"message\":\"Permission check failed\"}");

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> pve().awaitTask(Upid.parse(PVE_UPID), heartbeats::add));

    assertThat(failure.getType()).isEqualTo(FailureTypes.PERMISSION_DENIED);
    assertThat(heartbeats).isEmpty();
  }
}
