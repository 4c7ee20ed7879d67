package dev.edgerunbooks.activities.backupverify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgerunbooks.activities.proxmox.ApiEndpoint;
import dev.edgerunbooks.activities.proxmox.ClientSettings;
import dev.edgerunbooks.activities.proxmox.TaskProgress;
import dev.edgerunbooks.activities.proxmox.TlsServer;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.NodeEndpoint;
import dev.edgerunbooks.activities.store.PbsEndpoint;
import dev.edgerunbooks.activities.store.StoreCredentials;
import dev.edgerunbooks.activities.store.StoreEndpoints;
import dev.edgerunbooks.workflows.backupverify.BackupVerifySiteActivities;
import dev.edgerunbooks.workflows.backupverify.GuestBackup;
import dev.edgerunbooks.workflows.backupverify.OffsiteCopy;
import dev.edgerunbooks.workflows.backupverify.SnapshotRef;
import dev.edgerunbooks.workflows.backupverify.VerifyOutcome;
import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackupVerifySiteActivitiesImplTest {
  static final String PBS_UPID = "UPID:pbs1:000010F1:00AB12CD:0000002A:66A0B1C2:verify_snapshot:store1\\x3avm-100:edgerun@pbs!runbooks:";
  static final String SNAPSHOTS_100 = "GET /api2/json/admin/datastore/store1/snapshots?backup-type=vm&backup-id=100";
  static final String VERIFY = "POST /api2/json/admin/datastore/store1/verify";

  TlsServer pve1;
  TlsServer pbs;
  final ScriptedApi pveApi = new ScriptedApi();
  final ScriptedApi pbsApi = new ScriptedApi();
  TestActivityEnvironment env;
  BackupVerifySiteActivities activities;
  final AtomicInteger credentialReads = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    pve1 = new TlsServer("pve1");
    pbs = new TlsServer("pbs1");
    pve1.server.setDispatcher(pveApi);
    pbs.server.setDispatcher(pbsApi);
    StoreEndpoints endpoints = new StoreEndpoints("s001",
        List.of(new NodeEndpoint("pve1", pve1.endpoint(), pve1.fingerprint())),
        new PbsEndpoint(pbs.endpoint(), pbs.fingerprint(), "store1", "pbs-store1", "offsite-s3"),
        "edgerun@pve!runbooks", "edgerun@pbs!runbooks");
    CredentialSource credentials = storeId -> {
      credentialReads.incrementAndGet();
      return new StoreCredentials("pve-secret", "pbs-secret");
    };
    ClientSettings settings =
        new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 0, Duration.ofMillis(10), 3);
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new BackupVerifySiteActivitiesImpl(endpoints, credentials, settings));
    activities = env.newActivityStub(BackupVerifySiteActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setHeartbeatTimeout(Duration.ofSeconds(10))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void stop() {
    env.close();
    pve1.close();
    pbs.close();
  }

  static String snapshot(long time, String verification) {
    return "{\"backup-type\":\"vm\",\"backup-id\":\"100\",\"backup-time\":" + time + ",\"size\":1024,"
        + "\"owner\":\"edgerun@pbs!runbooks\",\"files\":[{\"filename\":\"index.json.blob\",\"crypt-mode\":\"none\"}]"
        + (verification == null ? "" : ",\"verification\":{\"state\":\"" + verification + "\",\"upid\":\"" + PBS_UPID.replace("\\", "\\\\") + "\"}")
        + "}";
  }

  static String data(String json) {
    return "{\"data\":" + json + "}";
  }

  static String task(String status, String exit) {
    return data("{\"status\":\"" + status + "\"" + (exit == null ? "" : ",\"exitstatus\":\"" + exit + "\"") + "}");
  }

  static String taskStatusRoute() {
    return "GET /api2/json/nodes/localhost/tasks/" + ApiEndpoint.segment(PBS_UPID) + "/status";
  }

  static final SnapshotRef REF = new SnapshotRef("store1", "vm", "100", Instant.ofEpochSecond(1_700_086_400));

  @Test
  void inspectBackupsPicksTheNewestSnapshotOfEveryGuest() {
    pveApi.on("GET /api2/json/cluster/resources?type=vm", data("["
        + "{\"id\":\"lxc/101\",\"type\":\"lxc\",\"vmid\":101,\"name\":\"dns\",\"node\":\"pve2\",\"status\":\"running\",\"template\":0},"
        + "{\"id\":\"qemu/100\",\"type\":\"qemu\",\"vmid\":100,\"name\":\"pos\",\"node\":\"pve1\",\"status\":\"running\",\"template\":0},"
        + "{\"id\":\"qemu/102\",\"type\":\"qemu\",\"vmid\":102,\"name\":\"cctv\",\"node\":\"pve3\",\"status\":\"stopped\"}]"));
    pbsApi.on(SNAPSHOTS_100, data("[" + snapshot(1_700_000_000, "ok") + "," + snapshot(1_700_086_400, null) + ","
        + snapshot(1_699_900_000, "failed") + "]"));
    pbsApi.on("GET /api2/json/admin/datastore/store1/snapshots?backup-type=ct&backup-id=101",
        data("[" + snapshot(1_700_000_000, "failed").replace("\"vm\"", "\"ct\"").replace("\"100\"", "\"101\"") + "]"));
    pbsApi.on("GET /api2/json/admin/datastore/store1/snapshots?backup-type=vm&backup-id=102", data("[]"));

    List<GuestBackup> guests = activities.inspectBackups("s001");

    assertThat(guests).containsExactly(
        new GuestBackup(100, "pos", "qemu", "pve1", REF, "none"),
        new GuestBackup(101, "dns", "lxc", "pve2",
            new SnapshotRef("store1", "ct", "101", Instant.ofEpochSecond(1_700_000_000)), "failed"),
        new GuestBackup(102, "cctv", "qemu", "pve3", null, "none"));
  }

  @Test
  void verifyOfAnAlreadyVerifiedSnapshotStartsNoTask() {
    pbsApi.on(SNAPSHOTS_100, data("[" + snapshot(1_700_086_400, "ok") + "]"));

    VerifyOutcome outcome = activities.verifySnapshot("s001", REF);

    assertThat(outcome.ok()).isTrue();
    assertThat(outcome.upid()).isNull();
    assertThat(outcome.detail()).contains("already verified: ok");
    assertThat(pbsApi.count(VERIFY)).isZero();
  }

  @Test
  void anEarlierFailedVerifyIsReportedWithoutATask() {
    pbsApi.on(SNAPSHOTS_100, data("[" + snapshot(1_700_086_400, "failed") + "]"));

    VerifyOutcome outcome = activities.verifySnapshot("s001", REF);

    assertThat(outcome.ok()).isFalse();
    assertThat(outcome.upid()).isNull();
    assertThat(pbsApi.count(VERIFY)).isZero();
  }

  @Test
  void verifyRunsTheTaskAndHeartbeatsWhileItRuns() {
    AtomicInteger heartbeats = new AtomicInteger();
    env.setActivityHeartbeatListener(TaskProgress.class, p -> heartbeats.incrementAndGet());
    pbsApi.on(SNAPSHOTS_100, data("[" + snapshot(1_700_086_400, null) + "]"));
    pbsApi.on(VERIFY, data("\"" + PBS_UPID.replace("\\", "\\\\") + "\""));
    pbsApi.on(taskStatusRoute(), task("running", null), task("running", null), task("stopped", "OK"));

    VerifyOutcome outcome = activities.verifySnapshot("s001", REF);

    assertThat(outcome).isEqualTo(new VerifyOutcome(true, PBS_UPID, "OK"));
    assertThat(pbsApi.count(VERIFY)).isEqualTo(1);
    assertThat(pbsApi.count(taskStatusRoute())).isEqualTo(3);
    assertThat(heartbeats.get()).isPositive();
  }

  @Test
  void aFailedVerifyIsAResultNotAFailure() {
    pbsApi.on(SNAPSHOTS_100, data("[" + snapshot(1_700_086_400, null) + "]"));
    pbsApi.on(VERIFY, data("\"" + PBS_UPID.replace("\\", "\\\\") + "\""));
    pbsApi.on(taskStatusRoute(), task("stopped", "verification failed - please check the log for details"));

    VerifyOutcome outcome = activities.verifySnapshot("s001", REF);

    assertThat(outcome.ok()).isFalse();
    assertThat(outcome.upid()).isEqualTo(PBS_UPID);
    assertThat(outcome.detail()).isEqualTo("verification failed - please check the log for details");
  }

  @Test
  void aRetriedVerifyWaitsForTheTaskItsLastAttemptStarted() {
    env.setHeartbeatDetails(new TaskProgress(PBS_UPID, "running", 4, 40));
    pbsApi.on(SNAPSHOTS_100, data("[" + snapshot(1_700_086_400, null) + "]"));
    pbsApi.on(taskStatusRoute(), task("stopped", "OK"));

    VerifyOutcome outcome = activities.verifySnapshot("s001", REF);

    assertThat(outcome.ok()).isTrue();
    assertThat(pbsApi.count(VERIFY)).isZero();
  }

  /** A verify task the previous attempt heartbeated; distinct from the one a new POST returns. */
  static final String OLD_UPID = "UPID:pbs1:000009A0:00AA0001:00000029:66A0A000:verify_snapshot:store1\\x3avm-100:edgerun@pbs!runbooks:";

  static String oldTaskStatusRoute() {
    return "GET /api2/json/nodes/localhost/tasks/" + ApiEndpoint.segment(OLD_UPID) + "/status";
  }

  /** PBS as after a restart that rotated its task log: the old task's status answers 404. */
  void oldTaskIsUnknownToPbs() {
    String route = oldTaskStatusRoute();
    pbs.server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request) {
        String key = request.getMethod() + " " + request.getTarget();
        if (route.equals(key)) {
          pbsApi.calls.add(key);
          return TlsServer.json(404, "{\"data\":null,\"message\":\"no such task\"}");
        }
        return pbsApi.dispatch(request);
      }
    });
  }

  @Test
  void aRetriedVerifyWhoseTaskPbsForgotStartsANewVerify() {
    env.setHeartbeatDetails(new TaskProgress(OLD_UPID, "running", 7, 70));
    oldTaskIsUnknownToPbs();
    pbsApi.on(SNAPSHOTS_100, data("[" + snapshot(1_700_086_400, null) + "]"));
    pbsApi.on(VERIFY, data("\"" + PBS_UPID.replace("\\", "\\\\") + "\""));
    pbsApi.on(taskStatusRoute(), task("running", null), task("stopped", "verification failed - please check the log for details"));

    VerifyOutcome outcome = activities.verifySnapshot("s001", REF);

    // the outcome is the new task's, not a NOT_FOUND failure of the forgotten one
    assertThat(outcome).isEqualTo(
        new VerifyOutcome(false, PBS_UPID, "verification failed - please check the log for details"));
    assertThat(pbsApi.count(oldTaskStatusRoute())).isEqualTo(1);
    assertThat(pbsApi.count(VERIFY)).isEqualTo(1);
    assertThat(pbsApi.count(taskStatusRoute())).isEqualTo(2);
    // the new verify is of the snapshot that was asked for
    assertThat(pbsApi.calls).containsSubsequence(oldTaskStatusRoute(), VERIFY, taskStatusRoute());
  }

  @Test
  void aRetriedVerifyWhoseTaskStillRunsAwaitsItAndPostsNoNewVerify() {
    env.setHeartbeatDetails(new TaskProgress(OLD_UPID, "running", 7, 70));
    pbsApi.on(SNAPSHOTS_100, data("[" + snapshot(1_700_086_400, null) + "]"));
    pbsApi.on(oldTaskStatusRoute(), task("running", null), task("running", null), task("stopped", "OK"));
    // were a new verify posted, it would answer with another task
    pbsApi.on(VERIFY, data("\"" + PBS_UPID.replace("\\", "\\\\") + "\""));
    pbsApi.on(taskStatusRoute(), task("stopped", "verification failed"));

    VerifyOutcome outcome = activities.verifySnapshot("s001", REF);

    assertThat(outcome).isEqualTo(new VerifyOutcome(true, OLD_UPID, "OK"));
    assertThat(pbsApi.count(oldTaskStatusRoute())).isEqualTo(3);
    assertThat(pbsApi.count(VERIFY)).isZero();
    assertThat(pbsApi.count(taskStatusRoute())).isZero();
  }

  @Test
  void aSnapshotThatIsGoneIsNotFound() {
    pbsApi.on(SNAPSHOTS_100, data("[]"));

    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class, () -> activities.verifySnapshot("s001", REF));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo(FailureTypes.NOT_FOUND);
    assertThat(cause.isNonRetryable()).isTrue();
  }

  @Test
  void checkOffsiteCopyReadsTheConfiguredSyncJob() {
    pbsApi.on("GET /api2/json/admin/sync", data("["
        + "{\"id\":\"local-copy\",\"store\":\"store1\",\"remote-store\":\"other\",\"last-run-state\":\"ok\",\"last-run-endtime\":1},"
        + "{\"id\":\"offsite-s3\",\"store\":\"s3-offsite\",\"remote-store\":\"store1\",\"last-run-upid\":\"" + PBS_UPID.replace("\\", "\\\\")
        + "\",\"last-run-state\":\"ok\",\"last-run-endtime\":1700090000,\"next-run\":1700176400}]"));

    OffsiteCopy copy = activities.checkOffsiteCopy("s001");

    assertThat(copy).isEqualTo(new OffsiteCopy("offsite-s3", "ok", Instant.ofEpochSecond(1_700_090_000)));
  }

  @Test
  void aSyncJobThatNeverRanHasNoState() {
    pbsApi.on("GET /api2/json/admin/sync", data("[{\"id\":\"offsite-s3\",\"store\":\"s3-offsite\"}]"));

    assertThat(activities.checkOffsiteCopy("s001")).isEqualTo(new OffsiteCopy("offsite-s3", null, null));
  }

  @Test
  void aConfiguredSyncJobMissingOnPbsIsReported() {
    pbsApi.on("GET /api2/json/admin/sync", data("[]"));

    OffsiteCopy copy = activities.checkOffsiteCopy("s001");

    assertThat(copy.jobId()).isEqualTo("offsite-s3");
    assertThat(copy.lastRunState()).startsWith("missing");
    assertThat(copy.lastRunEnd()).isNull();
  }

  @Test
  void anotherStoreIsRefusedBeforeAnyCredentialIsRead() {
    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class, () -> activities.inspectBackups("s002"));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo(FailureTypes.UNKNOWN_STORE);
    assertThat(cause.isNonRetryable()).isTrue();
    assertThat(credentialReads.get()).isZero();
    assertThat(pveApi.calls).isEmpty();
  }

  @Test
  void anApiFailureReachesTheWorkflowWithItsTypeAndNoSecret() {
    pveApi.on("GET /api2/json/cluster/resources?type=vm", "{}");
    pve1.server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request) {
        return TlsServer.json(401, "");
      }
    });

    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class, () -> activities.inspectBackups("s001"));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo(FailureTypes.AUTH_FAILED);
    assertThat(cause.getOriginalMessage()).contains("check the API token").doesNotContain("pve-secret");
  }
}
