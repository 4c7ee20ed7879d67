package dev.edgerunbooks.workflows.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.workflows.backupverify.BackupVerifyRequest;
import dev.edgerunbooks.workflows.patch.PatchWaveRequest;
import dev.edgerunbooks.workflows.patch.RollbackStoreRequest;
import io.temporal.common.SearchAttributes;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunAttributesTest {
  @Test
  void aWholeFleetRunCarriesItsRunbookOnlyAndSaysWhoStartedIt() {
    BackupVerifyRequest request = new BackupVerifyRequest(List.of(), 0, false, "schedule:nightly");

    SearchAttributes attributes = RunAttributes.ofRun("backup-verify", request);

    assertThat(attributes.get(RunAttributes.RUNBOOK)).isEqualTo("backup-verify");
    assertThat(attributes.containsKey(RunAttributes.STORE)).isFalse();
    assertThat(attributes.containsKey(RunAttributes.BUNDLE)).isFalse();
    assertThat(RunAttributes.summaryOf("backup-verify", request))
        .isEqualTo("backup-verify on the whole fleet, started by schedule:nightly");
  }

  @Test
  void aPatchWaveOverSomeStoresCarriesTheBundleAndNamesTheFirstStores() {
    PatchWaveRequest request =
        PatchWaveRequest.of("2026.12.0", "alice", false, List.of("store-0001", "store-0002", "store-0003", "store-0004", "store-0005"));

    SearchAttributes attributes = RunAttributes.ofRun("patch-wave", request);

    assertThat(attributes.get(RunAttributes.BUNDLE)).isEqualTo("2026.12.0");
    assertThat(attributes.get(RunAttributes.STORE)).hasSize(5);
    assertThat(RunAttributes.summaryOf("patch-wave", request))
        .isEqualTo("patch-wave of bundle 2026.12.0 on store-0001, store-0002, store-0003 (+2 more), started by alice");
  }

  @Test
  void aRollbackIsFoundByTheBundleItLeaves() {
    RollbackStoreRequest request = new RollbackStoreRequest("store-0007", "2026.12.0", "2026.11.0", "carol", null);

    assertThat(RunAttributes.ofRun("rollback-store", request).get(RunAttributes.BUNDLE)).isEqualTo("2026.12.0");
    assertThat(RunAttributes.summaryOf("rollback-store", request))
        .isEqualTo("rollback-store of bundle 2026.12.0 on store-0007, started by carol");
  }
}
