package dev.edgerunbooks.workflows.certrotation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.workflows.common.RecordedHistories;
import dev.edgerunbooks.workflows.common.StoreCalendar;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Records the certificate rotation histories that {@code RecordedHistoriesReplayTest} replays:
 *
 * <pre>./mvnw -B -o -pl workflows test -Dgroups=record-histories -DexcludedGroups= -Dtest=RecordCertRotationHistoriesTest</pre>
 */
@Tag("record-histories")
class RecordCertRotationHistoriesTest {
  static final String VERSION = "v1";

  @Test
  void recordARenewalAndARestore() throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Instant now = Instant.ofEpochMilli(env.currentTimeMillis());
      CertFakes.Site renewed = new CertFakes.Site(env, java.util.List.of(CertFakes.cert("pve1", now, 80, 10), CertFakes.cert("pve2", now, 5, 85)));
      CertFakes.Site restored = new CertFakes.Site(env, java.util.List.of(CertFakes.cert("pve1", now, 61, 20)));
      restored.brokenAfterDeploy.add("pve1");
      Map<String, CertFakes.Site> sites = new LinkedHashMap<>(Map.of("store-0001", renewed));
      sites.put("store-0002", restored);
      CertRotationWorkflowTest.register(env, sites, StoreCalendar.always(), new CertFakes.Reports());
      String id = "cert-rotation/recorded-" + VERSION;
      CertRotationSummary summary = CertRotationWorkflowTest.stub(env, id).run(CertRotationWorkflowTest.request(false, false));
      assertThat(summary.count(NodeOutcome.RENEWED)).isEqualTo(1);
      assertThat(summary.count(NodeOutcome.RESTORED)).isEqualTo(1);
      RecordedHistories.write(env.getWorkflowClient(), "cert-rotation/" + VERSION,
          Map.of("run.json", id, "store-renewed.json", id + "/store-0001", "store-restored.json", id + "/store-0002"));
    }
  }
}
