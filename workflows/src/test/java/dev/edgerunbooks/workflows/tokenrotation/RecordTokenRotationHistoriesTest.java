package dev.edgerunbooks.workflows.tokenrotation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.workflows.common.RecordedHistories;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Records the token rotation histories that {@code RecordedHistoriesReplayTest} replays:
 *
 * <pre>./mvnw -B -o -pl workflows test -Dgroups=record-histories -DexcludedGroups= -Dtest=RecordTokenRotationHistoriesTest</pre>
 */
@Tag("record-histories")
class RecordTokenRotationHistoriesTest {
  static final String VERSION = "v1";

  @Test
  void recordARotationWhereThePbsTokenDoesNotWork() throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      TokenFakes.Site site = new TokenFakes.Site(env);
      site.failing.add("verify PBS");
      String id = "token-rotation/recorded-" + VERSION;
      TokenRotationSummary summary = TokenRotationWorkflowTest.start(env, site, new TokenFakes.Reports(), id)
          .run(new TokenRotationRequest(List.of(), false, false, "recorder"));
      assertThat(summary.count(TokenOutcome.ROTATED)).isEqualTo(1);
      assertThat(summary.count(TokenOutcome.KEPT_OLD)).isEqualTo(1);
      RecordedHistories.write(env.getWorkflowClient(), "token-rotation/" + VERSION,
          Map.of("run.json", id, "store.json", id + "/store-0001"));
    }
  }
}
