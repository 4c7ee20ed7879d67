package dev.edgerunbooks.workflows.certrotation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.workflows.common.Freeze;
import dev.edgerunbooks.workflows.common.TemporalUi;
import dev.edgerunbooks.workflows.common.StoreCalendar;
import dev.edgerunbooks.workflows.common.TaskQueues;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CertRotationWorkflowTest {
  private TestWorkflowEnvironment env;
  private Instant now;
  private final CertFakes.Reports reports = new CertFakes.Reports();
  private final Map<String, CertFakes.Site> sites = new LinkedHashMap<>();

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    now = Instant.ofEpochMilli(env.currentTimeMillis());
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private CertFakes.Site site(String storeId, ServedCertificate... certs) {
    CertFakes.Site site = new CertFakes.Site(env, List.of(certs));
    sites.put(storeId, site);
    return site;
  }

  static void register(TestWorkflowEnvironment env, Map<String, CertFakes.Site> sites, StoreCalendar calendar,
      CertRotationReportActivities reports) {
    List<CertStore> stores = sites.entrySet().stream()
        .map(e -> new CertStore(e.getKey(), "UTC", List.copyOf(e.getValue().certs.keySet()), Duration.ofSeconds(30)))
        .toList();
    Worker central = env.newWorker(TaskQueues.CENTRAL);
    central.registerWorkflowImplementationTypes(CertRotationWorkflowImpl.class, StoreCertRotationWorkflowImpl.class);
    central.registerActivitiesImplementations(new CertFakes.Planner(new CertRotationPlan(CertFakes.policy(calendar), stores)), reports);
    sites.forEach((id, site) -> env.newWorker(TaskQueues.site(id)).registerActivitiesImplementations(site));
    env.start();
  }

  static CertRotationWorkflow stub(TestWorkflowEnvironment env, String workflowId) {
    return env.getWorkflowClient().newWorkflowStub(CertRotationWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CENTRAL).setWorkflowId(workflowId).build());
  }

  private CertRotationSummary run(StoreCalendar calendar, CertRotationRequest request) {
    register(env, sites, calendar, reports);
    return stub(env, "cert-rotation/test").run(request);
  }

  static CertRotationRequest request(boolean force, boolean dryRun) {
    return new CertRotationRequest(List.of(), force, dryRun, "alice");
  }

  private static NodeRotation node(CertRotationSummary summary, String storeId, String node) {
    return summary.stores().stream().filter(s -> s.storeId().equals(storeId)).findFirst().orElseThrow()
        .nodes().stream().filter(n -> n.node().equals(node)).findFirst().orElseThrow();
  }

  @Test
  void renewsOnlyWhatIsDueOneNodeAtATimeAndPinsEachAfterItsHandshake() {
    CertFakes.Site site = site("store-0001",
        CertFakes.cert("pve1", now, 80, 10),   // expires soon
        CertFakes.cert("pve2", now, 10, 80),   // fresh
        CertFakes.cert("pve3", now, 61, 300)); // too old

    CertRotationSummary summary = run(StoreCalendar.always(), request(false, false));

    assertThat(site.calls).containsExactly("inspect",
        "issue pve1", "deploy pve1", "handshake pve1", "promote pve1",
        "issue pve3", "deploy pve3", "handshake pve3", "promote pve3");
    NodeRotation pve1 = node(summary, "store-0001", "pve1");
    assertThat(pve1.outcome()).isEqualTo(NodeOutcome.RENEWED);
    assertThat(pve1.reason()).isEqualTo(RenewalReason.EXPIRES_SOON);
    assertThat(pve1.why()).isEqualTo("expires in 10 days (renew before 30 days)");
    assertThat(pve1.previousFingerprint()).isEqualTo("OLD-pve1");
    assertThat(pve1.servedFingerprint()).isEqualTo("NEW-pve1");
    assertThat(pve1.notAfter()).isAfter(now.plus(Duration.ofDays(89)));
    assertThat(node(summary, "store-0001", "pve2").outcome()).isEqualTo(NodeOutcome.NOT_DUE);
    assertThat(node(summary, "store-0001", "pve3").why()).isEqualTo("is 61 days old (max age 60 days)");
    assertThat(summary.escalations()).isEmpty();
    assertThat(summary.reportKey()).isEqualTo("cert-rotation/test/report.json");
    assertThat(reports.written).singleElement().satisfies(s -> assertThat(s.initiator()).isEqualTo("alice"));
  }

  @Test
  void aNodeServingSomethingElseAfterTheUploadGetsItsPreviousCertificateBackAndIsEscalatedNearExpiry() {
    CertFakes.Site site = site("store-0001", CertFakes.cert("pve1", now, 80, 10), CertFakes.cert("pve2", now, 80, 25));
    site.brokenAfterDeploy.addAll(List.of("pve1", "pve2"));

    CertRotationSummary summary = run(StoreCalendar.always(), request(false, false));

    assertThat(site.calls).containsSubsequence("deploy pve1", "handshake pve1", "restore pve1", "handshake pve1");
    assertThat(site.calls).doesNotContain("promote pve1", "promote pve2");
    NodeRotation pve1 = node(summary, "store-0001", "pve1");
    assertThat(pve1.outcome()).isEqualTo(NodeOutcome.RESTORED);
    assertThat(pve1.servedFingerprint()).isEqualTo("OLD-pve1");
    assertThat(pve1.detail()).contains("served BROKEN-pve1 instead of the new certificate NEW-pve1", "previous certificate is served again");
    // 10 days left is inside escalateBefore (21 days); 25 days left is not yet
    assertThat(summary.escalations()).singleElement().satisfies(e -> {
      assertThat(e.node()).isEqualTo("pve1");
      assertThat(e.daysLeft()).isBetween(9L, 10L);
    });
    assertThat(summary.count(NodeOutcome.RESTORED)).isEqualTo(2);
  }

  @Test
  void aFailedRestoreIsBrokenAndAlwaysEscalated() {
    CertFakes.Site site = site("store-0001", CertFakes.cert("pve1", now, 61, 200));
    site.brokenAfterDeploy.add("pve1");
    site.restoreFails.add("pve1");

    CertRotationSummary summary = run(StoreCalendar.always(), request(false, false));

    NodeRotation pve1 = node(summary, "store-0001", "pve1");
    assertThat(pve1.outcome()).isEqualTo(NodeOutcome.BROKEN);
    assertThat(pve1.detail()).contains("putting the previous certificate back", "node gone");
    assertThat(summary.escalations()).extracting(Escalation::node).containsExactly("pve1");
  }

  @Test
  void anIssuerFailureChangesNothingAndAnUnrestorableNodeIsNotTouched() {
    ServedCertificate manual = new ServedCertificate("pve2", "MANUAL", "CN=pve2", "CN=someone", now.minus(Duration.ofDays(100)),
        now.plus(Duration.ofDays(5)), true, false);
    CertFakes.Site site = site("store-0001", CertFakes.cert("pve1", now, 80, 10), manual);
    site.issueFails.add("pve1");

    CertRotationSummary summary = run(StoreCalendar.always(), request(false, false));

    assertThat(site.calls).containsExactly("inspect", "issue pve1");
    assertThat(node(summary, "store-0001", "pve1").outcome()).isEqualTo(NodeOutcome.NOT_ISSUED);
    assertThat(node(summary, "store-0001", "pve1").detail()).contains("rate limited");
    assertThat(node(summary, "store-0001", "pve2").outcome()).isEqualTo(NodeOutcome.NEEDS_ATTENTION);
    assertThat(node(summary, "store-0001", "pve2").detail()).contains("whose key Vault does not hold");
    assertThat(summary.escalations()).extracting(Escalation::node).containsExactly("pve1", "pve2");
  }

  @Test
  void aDryRunSaysWhatWouldBeRenewedAndWhyAndChangesNothing() {
    CertFakes.Site site = site("store-0001", CertFakes.cert("pve1", now, 80, 10), CertFakes.cert("pve2", now, 10, 80));

    CertRotationSummary summary = run(StoreCalendar.always(), request(true, true));

    assertThat(site.calls).containsExactly("inspect");
    assertThat(summary.dryRun()).isTrue();
    assertThat(node(summary, "store-0001", "pve1").outcome()).isEqualTo(NodeOutcome.WOULD_RENEW);
    assertThat(node(summary, "store-0001", "pve2").outcome()).isEqualTo(NodeOutcome.WOULD_RENEW);
    assertThat(node(summary, "store-0001", "pve2").why()).isEqualTo("forced (expires in 80 days)");
  }

  @Test
  void waitsForTheStoresWindowUnlessTheCertificateWouldExpireBeforeIt() {
    // a nightly window, frozen for the coming week: the next opening is 8 days away
    LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
    StoreCalendar frozen = new StoreCalendar(EnumSet.allOf(DayOfWeek.class), LocalTime.of(2, 0), LocalTime.of(4, 0),
        Duration.ofMinutes(30), List.of(new Freeze("peak", today.minusDays(1), today.plusDays(7))));
    CertFakes.Site patient = site("store-0001", CertFakes.cert("pve1", now, 80, 20));
    CertFakes.Site urgent = site("store-0002", CertFakes.cert("pve1", now, 80, 3));

    CertRotationSummary summary = run(frozen, request(false, false));

    Instant opening = frozen.next(now, ZoneOffset.UTC).orElseThrow().start();
    assertThat(opening).isAfter(now.plus(Duration.ofDays(7)));
    assertThat(patient.deployedAt.get("pve1")).isAfterOrEqualTo(opening).isBefore(opening.plus(Duration.ofMinutes(30)));
    assertThat(node(summary, "store-0001", "pve1").outsideWindow()).isFalse();
    assertThat(node(summary, "store-0001", "pve1").outcome()).isEqualTo(NodeOutcome.RENEWED);
    assertThat(urgent.deployedAt.get("pve1")).isBefore(now.plus(Duration.ofHours(1)));
    assertThat(node(summary, "store-0002", "pve1").outsideWindow()).isTrue();
  }

  @Test
  void aCancelledRunPutsThePreviousCertificateBackOnTheNodeInTheMiddleOfARenewal() throws Exception {
    CertFakes.Site site = site("store-0001", CertFakes.cert("pve1", now, 80, 10));
    site.slowRestart = new java.util.concurrent.CountDownLatch(1);
    register(env, sites, StoreCalendar.always(), reports);
    CertRotationWorkflow run = stub(env, "cert-rotation/cancelled");
    io.temporal.client.WorkflowClient.start(run::run, request(false, false));
    for (int i = 0; i < 100 && !site.calls.contains("handshake pve1"); i++) Thread.sleep(50);

    io.temporal.client.WorkflowStub.fromTyped(run).cancel();
    for (int i = 0; i < 100 && !site.calls.contains("restore pve1"); i++) Thread.sleep(50);
    site.slowRestart.countDown();

    assertThat(site.calls).containsSubsequence("deploy pve1", "handshake pve1", "restore pve1");
    assertThat(site.calls).doesNotContain("promote pve1");
  }

  @Test
  void anUnreachableStoreIsReportedAndTheOthersGoOn() {
    site("store-0001", CertFakes.cert("pve1", now, 80, 10)).unreachable = true;
    CertFakes.Site other = site("store-0002", CertFakes.cert("pve1", now, 80, 10));

    CertRotationSummary summary = run(StoreCalendar.always(), request(false, false));

    assertThat(summary.stores().get(0).failure()).contains("connection refused");
    assertThat(node(summary, "store-0002", "pve1").outcome()).isEqualTo(NodeOutcome.RENEWED);
    assertThat(other.calls).contains("promote pve1");
  }

  @Test
  void theTemporalUiShowsWhatTheRunDoesAndWhatEachStoresChildIs() throws Exception {
    LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
    StoreCalendar frozen = new StoreCalendar(EnumSet.allOf(DayOfWeek.class), LocalTime.of(2, 0), LocalTime.of(4, 0),
        Duration.ofMinutes(30), List.of(new Freeze("peak", today.minusDays(1), today.plusDays(7))));
    site("store-0001", CertFakes.cert("pve1", now, 80, 20), CertFakes.cert("pve2", now, 80, 20));
    register(env, sites, frozen, reports);
    CertRotationWorkflow run = stub(env, "cert-rotation/ui");
    io.temporal.client.WorkflowClient.start(run::run, request(false, false));
    io.temporal.client.WorkflowStub fleet = io.temporal.client.WorkflowStub.fromTyped(run);
    String details = "";
    for (int i = 0; i < 100 && !details.contains("in flight"); i++, Thread.sleep(50)) {
      details = fleet.query("__temporal_workflow_metadata", io.temporal.api.sdk.v1.WorkflowMetadata.class).getCurrentDetails();
    }

    assertThat(details).isEqualTo("**checking and renewing** · 0/1 stores done\n\nin flight: store-0001");
    io.temporal.client.WorkflowStub child =
        env.getWorkflowClient().newUntypedWorkflowStub("cert-rotation/ui/store-0001", java.util.Optional.empty(), java.util.Optional.empty());
    assertThat(child.describe().getStaticSummary()).isEqualTo("cert rotation of store-0001 (2 nodes)");
    String store = "";
    for (int i = 0; i < 100 && !store.contains("window"); i++, Thread.sleep(50)) {
      store = TemporalUi.currentDetails(env.getWorkflowClient(), "cert-rotation/ui/store-0001");
    }
    assertThat(store).startsWith("**cert rotation of store-0001: waiting for its window**\n\n2 due (pve1, pve2); the window opens "
        + today.plusDays(8));
  }
}
