package dev.edgerunbooks.workflows.patch;

import dev.edgerunbooks.workflows.common.RecordedHistories;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Records the patch wave histories that {@code RecordedHistoriesReplayTest} replays, from the
 * scenarios of {@link PatchWaveWorkflowTest}:
 *
 * <pre>./mvnw -B -o -pl workflows test -Dgroups=record-histories -DexcludedGroups= -Dtest=RecordPatchWaveHistoriesTest</pre>
 */
@Tag("record-histories")
class RecordPatchWaveHistoriesTest {
  /** v1: before cancel was an abort; v2: with the {@code cancel-is-abort} marker. */
  static final String VERSION = "v2";
  private static final String RUN = "patch-wave/" + PatchFakes.NEW;
  private static final String STORE = "patch/" + PatchFakes.NEW + "/";

  private interface Scenario {
    void run(PatchWaveWorkflowTest test) throws Exception;
  }

  private static void record(Scenario scenario, String folder, Map<String, String> files) throws Exception {
    PatchWaveWorkflowTest test = new PatchWaveWorkflowTest();
    try {
      scenario.run(test);
      RecordedHistories.write(test.env.getWorkflowClient(), "patch-wave/" + VERSION + "/" + folder, files);
    } finally {
      test.tearDown();
    }
  }

  @Test
  void recordACanaryHaltedByItsGateAndRolledBack() throws Exception {
    record(
        PatchWaveWorkflowTest::aBadBundleFailsTheCanaryGateRollsTheCanaryBackAndTouchesNoOtherStore,
        "halted",
        Map.of("run.json", RUN, "patch-batch.json", RUN + "/w0/patch-0", "rollback-batch.json", RUN + "/w0/rollback-0", "store.json", STORE + "store-001"));
  }

  @Test
  void recordAnApprovedRunThatContinuedAsNew() throws Exception {
    record(
        PatchWaveWorkflowTest::approvalIsRequiredFromANamedApproverOtherThanTheInitiator,
        "approved",
        Map.of("last-run.json", RUN, "release-batch.json", RUN + "/w1/release-0", "store.json", STORE + "store-002"));
  }

  @Test
  void recordAnAbortWithAStoreInFlight() throws Exception {
    record(
        PatchWaveWorkflowTest::abortMidWaveRollsBackTheStoresInFlightAndThoseAlreadyPatched,
        "aborted",
        Map.of("last-run.json", RUN, "patch-batch.json", RUN + "/w1/patch-0", "store-in-flight.json", STORE + "store-003"));
  }

  @Test
  void recordACancelThatRolledBack() throws Exception {
    record(
        PatchWaveWorkflowTest::aCancelFromTheTemporalUiIsAnAbortThatRollsBackAndWritesTheReportBeforeTheRunEndsCancelled,
        "cancelled",
        Map.of("last-run.json", RUN, "patch-batch.json", RUN + "/w1/patch-0", "store-in-flight.json", STORE + "store-003"));
  }

  @Test
  void recordAStoreThatNeedsAttention() throws Exception {
    record(PatchWaveWorkflowTest::aFailedStepAfterAHostUpgradeNeedsAttentionAndHaltsTheWave, "attention", Map.of("store.json", STORE + "store-001"));
  }
}
