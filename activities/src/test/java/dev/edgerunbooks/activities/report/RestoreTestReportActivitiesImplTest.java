package dev.edgerunbooks.activities.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgerunbooks.workflows.restoretest.GuestRestoreResult;
import dev.edgerunbooks.workflows.restoretest.RestoreFailureKind;
import dev.edgerunbooks.workflows.restoretest.RestoreTestReport;
import dev.edgerunbooks.workflows.restoretest.RestoreTestReportKeys;
import dev.edgerunbooks.workflows.restoretest.SelectionReason;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The restore test report, its index and trend, and the planner's view of earlier failures. */
class RestoreTestReportActivitiesImplTest extends S3ProxyFixture {
  static final Instant W46 = Instant.parse("2026-11-14T02:00:00Z");

  static GuestRestoreResult pass(String store, int vmid, Duration rto, Duration backupAge) {
    return new GuestRestoreResult(store, vmid, "vm-" + vmid, "pos", "qemu", SelectionReason.ROTATION, 9000, "stg-1",
        true, null, null, Instant.parse("2026-11-13T22:00:00Z"), backupAge,
        rto.dividedBy(2), rto.dividedBy(4), rto.dividedBy(4), rto, true);
  }

  static GuestRestoreResult fail(String store, int vmid, RestoreFailureKind kind) {
    return new GuestRestoreResult(store, vmid, "vm-" + vmid, "pos", "qemu", SelectionReason.LAST_FAILED, 9001, "stg-1",
        false, kind, "guest agent did not answer in 10m", Instant.parse("2026-11-13T22:00:00Z"), Duration.ofHours(5),
        Duration.ofMinutes(4), null, null, null, true);
  }

  /** A run of {@code week} that finished {@code hoursAfter} hours after {@link #W46}. */
  static RestoreTestReport report(String week, String runId, int hoursAfter, GuestRestoreResult... guests) {
    int failed = (int) Arrays.stream(guests).filter(g -> !g.passed()).count();
    Instant finished = W46.plus(Duration.ofHours(hoursAfter));
    return new RestoreTestReport("restore-test/" + week, runId, week, "schedule:weekly",
        finished.minus(Duration.ofHours(1)), finished, guests.length, guests.length - failed, failed,
        List.of(guests), List.of());
  }

  RestoreTestReportActivitiesImpl activities() {
    return new RestoreTestReportActivitiesImpl(bucket);
  }

  JsonNode json(String key) throws Exception {
    return bucket.json().readTree(bytes(key));
  }

  @Test
  void aRunLandsUnderItsWeekWithIndexAndTrend() throws Exception {
    RestoreTestReport report = report("2026-W48", "run-a", 0,
        pass("store-0001", 100, Duration.ofMinutes(12), Duration.ofHours(20)),
        fail("store-0002", 101, RestoreFailureKind.NO_BOOT));

    RestoreTestReportKeys keys = activities().writeReport(report);

    assertThat(keys.report()).isEqualTo("reports/restore-test/2026-W48/run-a.json");
    assertThat(keys.trend()).isEqualTo("reports/restore-test/trend.md");
    assertThat(contentType(keys.report())).startsWith("application/json");
    assertThat(contentType(keys.trend())).startsWith("text/markdown");
    assertThat(bucket.json().readValue(bytes(keys.report()), RestoreTestReport.class)).isEqualTo(report);
    JsonNode stored = json(keys.report());
    assertThat(stored.get("guests").get(0).get("rto").asText()).isEqualTo("PT12M");
    assertThat(stored.get("finishedAt").asText()).isEqualTo("2026-11-14T02:00:00Z");

    JsonNode index = json(RestoreTestHistory.INDEX_KEY);
    assertThat(index.get("runs")).hasSize(1);
    JsonNode run = index.get("runs").get(0);
    assertThat(run.get("week").asText()).isEqualTo("2026-W48");
    assertThat(run.get("workflowId").asText()).isEqualTo("restore-test/2026-W48");
    assertThat(run.get("runId").asText()).isEqualTo("run-a");
    assertThat(run.get("finishedAt").asText()).isEqualTo("2026-11-14T02:00:00Z");
    assertThat(run.get("key").asText()).isEqualTo(keys.report());
    assertThat(run.get("total").asInt()).isEqualTo(2);
    assertThat(run.get("passed").asInt()).isEqualTo(1);
    assertThat(run.get("failed").asInt()).isEqualTo(1);
    assertThat(run.get("failedGuests")).hasSize(1);
    assertThat(run.get("failedGuests").get(0).asText()).isEqualTo("store-0002/101");

    String md = text(keys.trend());
    assertThat(md).contains("| store-0002 | 101 | vm-101 | **FAIL** NO_BOOT |");
    assertThat(md).contains("| store-0001 | 100 | vm-100 | pass 12m | 12m | 12m | 20h |");
    // failing guests first
    assertThat(md.indexOf("store-0002 |")).isLessThan(md.indexOf("store-0001 |"));
    JsonNode trend = json(RestoreTestHistory.TREND_JSON_KEY);
    assertThat(trend.get("runs")).hasSize(1);
    assertThat(trend.get("guests").get(1).get("bestRto").asText()).isEqualTo("PT12M");
    assertThat(trend.get("guests").get(1).get("latestBackupAge").asText()).isEqualTo("PT20H");
  }

  @Test
  void aRetriedWriteOfTheSameRunLeavesOneIndexEntryAndIdenticalObjects() {
    RestoreTestReportActivitiesImpl activities = activities();
    activities.writeReport(report("2026-W47", "run-0", 0, pass("store-0001", 100, Duration.ofMinutes(9), Duration.ofHours(3))));
    RestoreTestReport report = report("2026-W48", "run-1", 170, fail("store-0001", 100, RestoreFailureKind.PROBE_FAILED));

    RestoreTestReportKeys first = activities.writeReport(report);
    Map<String, byte[]> before = snapshot();
    RestoreTestReportKeys second = activities.writeReport(report);

    assertThat(second).isEqualTo(first);
    Map<String, byte[]> after = snapshot();
    assertThat(after.keySet()).isEqualTo(before.keySet());
    after.forEach((k, v) -> assertThat(v).as(k).isEqualTo(before.get(k)));
    assertThat(new RestoreTestHistory(bucket).runs()).extracting(RestoreTestIndex.Run::runId)
        .containsExactly("run-0", "run-1");
  }

  Map<String, byte[]> snapshot() {
    Map<String, byte[]> all = new TreeMap<>();
    bucket.listKeys("reports/").forEach(k -> all.put(k, bytes(k)));
    return all;
  }

  @Test
  void theTrendShowsAGuestFailingThenPassingAndCoversTheLastEightRuns() throws Exception {
    RestoreTestReportActivitiesImpl activities = activities();
    // ten weekly runs, W40..W49; store-0001/100 is tested in W47 (fails), W48 (passes, 14m), W49 (passes, 9m)
    for (int w = 40; w <= 46; w++) {
      activities.writeReport(report("2026-W" + w, "run-w" + w, (w - 46) * 168,
          pass("store-0003", 300, Duration.ofMinutes(w), Duration.ofHours(2))));
    }
    activities.writeReport(report("2026-W47", "run-w47", 168,
        fail("store-0001", 100, RestoreFailureKind.NO_BOOT),
        pass("store-0002", 200, Duration.ofMinutes(30), Duration.ofHours(10))));
    activities.writeReport(report("2026-W48", "run-w48", 336,
        pass("store-0001", 100, Duration.ofMinutes(14), Duration.ofHours(26))));
    RestoreTestReportKeys keys = activities.writeReport(report("2026-W49", "run-w49", 504,
        pass("store-0001", 100, Duration.ofMinutes(9), Duration.ofHours(6))));

    JsonNode trend = json(RestoreTestHistory.TREND_JSON_KEY);
    List<String> weeks = new ArrayList<>();
    trend.get("runs").forEach(r -> weeks.add(r.get("week").asText()));
    assertThat(weeks).containsExactly(
        "2026-W42", "2026-W43", "2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48", "2026-W49");

    String md = text(keys.trend());
    assertThat(md).contains("| Store | VMID | Name | 2026-W42 | 2026-W43 | 2026-W44 | 2026-W45 | 2026-W46 | 2026-W47 | 2026-W48 | 2026-W49 | Best RTO | Worst RTO | RPO (newest) |");
    assertThat(md).contains("| store-0001 | 100 | vm-100 | | | | | | **FAIL** NO_BOOT | pass 14m | pass 9m | 9m | 14m | 6h |");
    assertThat(md).contains("| store-0002 | 200 | vm-200 | | | | | | pass 30m | | | 30m | 30m | 10h |");
    assertThat(md).contains("| store-0003 | 300 | vm-300 | pass 42m | pass 43m | pass 44m | pass 45m | pass 46m | | | | 42m | 46m | 2h |");
    assertThat(md).doesNotContain("pass 41m").doesNotContain("2026-W41");
    // stores sorted; nobody fails in the newest test, so no row comes before store-0001
    assertThat(md.indexOf("| store-0001 |")).isLessThan(md.indexOf("| store-0002 |"));
    assertThat(md.indexOf("| store-0002 |")).isLessThan(md.indexOf("| store-0003 |"));

    JsonNode row = trend.get("guests").get(0);
    assertThat(row.get("storeId").asText()).isEqualTo("store-0001");
    assertThat(row.get("results").get(4).isNull()).isTrue();
    assertThat(row.get("results").get(5).get("passed").asBoolean()).isFalse();
    assertThat(row.get("results").get(5).get("failure").asText()).isEqualTo("NO_BOOT");
    assertThat(row.get("results").get(6).get("passed").asBoolean()).isTrue();
    assertThat(row.get("results").get(6).get("rto").asText()).isEqualTo("PT14M");
    assertThat(row.get("bestRto").asText()).isEqualTo("PT9M");
    assertThat(row.get("worstRto").asText()).isEqualTo("PT14M");
    assertThat(row.get("failingNow").asBoolean()).isFalse();
  }

  @Test
  void failedBeforePicksTheNewestRunOfTheLatestEarlierWeekOnly() {
    RestoreTestReportActivitiesImpl activities = activities();
    activities.writeReport(report("2026-W46", "run-46", 0, fail("store-0001", 1, RestoreFailureKind.NO_BOOT)));
    activities.writeReport(report("2026-W47", "run-47a", 168,
        fail("store-0001", 2, RestoreFailureKind.RESTORE_FAILED), fail("store-0009", 7, RestoreFailureKind.NO_BOOT)));
    // the rerun of W47 finished later: its failures are the week's
    activities.writeReport(report("2026-W47", "run-47b", 190,
        fail("store-0001", 3, RestoreFailureKind.PROBE_FAILED), pass("store-0001", 2, Duration.ofMinutes(5), Duration.ofHours(1))));
    activities.writeReport(report("2026-W48", "run-48", 336, fail("store-0001", 4, RestoreFailureKind.NO_BOOT)));
    // a backfill of an old week, written last, does not count as newer than W47
    activities.writeReport(report("2026-W45", "run-45", 400, fail("store-0001", 5, RestoreFailureKind.NO_BOOT)));

    RestoreTestHistory history = new RestoreTestHistory(bucket);

    assertThat(history.failedBefore("2026-W48")).containsExactly("store-0001/3");
    assertThat(history.failedBefore("2026-w47")).containsExactly("store-0001/1");
    assertThat(history.failedBefore("2026-W46")).containsExactly("store-0001/5");
    assertThat(history.failedBefore("2026-W45")).isEmpty();
    assertThat(history.failedBefore("2027-W1")).containsExactly("store-0001/4");
    assertThatThrownBy(() -> history.failedBefore("next week")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void failedBeforeIsEmptyBeforeAnyRun() {
    assertThat(new RestoreTestHistory(bucket).failedBefore("2026-W48")).isEmpty();
  }

  @Test
  void weeksAreNormalizedSoSingleDigitWeeksSortBeforeLaterOnes() {
    assertThat(RestoreTestHistory.normalizeWeek("2026-W8")).isEqualTo("2026-W08");
    assertThat(RestoreTestHistory.normalizeWeek(" 2026w48 ")).isEqualTo("2026-W48");
    assertThatThrownBy(() -> RestoreTestHistory.normalizeWeek("2026-W54")).hasMessageContaining("1 to 53");

    RestoreTestReportActivitiesImpl activities = activities();
    RestoreTestReportKeys keys = activities.writeReport(report("2026-W9", "run-9", 0, fail("s", 1, RestoreFailureKind.NO_BOOT)));
    activities.writeReport(report("2026-W10", "run-10", 168, fail("s", 2, RestoreFailureKind.NO_BOOT)));

    assertThat(keys.report()).isEqualTo("reports/restore-test/2026-W09/run-9.json");
    assertThat(new RestoreTestHistory(bucket).failedBefore("2026-W10")).containsExactly("s/1");
    assertThat(new RestoreTestHistory(bucket).failedBefore("2026-W11")).containsExactly("s/2");
  }

  @Test
  void aLostOrCorruptIndexIsRebuiltFromTheReports() throws Exception {
    RestoreTestReportActivitiesImpl activities = activities();
    activities.writeReport(report("2026-W46", "run-46", 0, fail("store-0001", 1, RestoreFailureKind.NO_BOOT)));
    activities.writeReport(report("2026-W47", "run-47", 168, fail("store-0001", 2, RestoreFailureKind.NO_BOOT)));

    s3.deleteObject(b -> b.bucket(BUCKET).key(RestoreTestHistory.INDEX_KEY));
    assertThat(new RestoreTestHistory(bucket).failedBefore("2026-W48")).containsExactly("store-0001/2");

    bucket.putText(RestoreTestHistory.INDEX_KEY, "{\"runs\": [trunc", AuditBucket.JSON);
    activities.writeReport(report("2026-W48", "run-48", 336, pass("store-0001", 2, Duration.ofMinutes(3), Duration.ofHours(1))));

    assertThat(json(RestoreTestHistory.INDEX_KEY).get("runs")).hasSize(3);
    assertThat(text(RestoreTestHistory.TREND_MARKDOWN_KEY))
        .contains("| store-0001 | 2 | vm-2 | | **FAIL** NO_BOOT | pass 3m |");
  }

  @Test
  void anInvalidWeekIsANonRetryableReportError() {
    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> activities().writeReport(report("week 48", "run-x", 0)));

    assertThat(failure).isNotNull();
    assertThat(failure.getType()).isEqualTo(ReportText.REPORT_INVALID);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(bucket.listKeys("reports/")).isEmpty();
  }

  @Test
  void anUnreachableBucketIsTheRetryableUnavailableFailure() throws Exception {
    try (S3Client unreachable = unreachableClient()) {
      AuditBucket down = new AuditBucket(unreachable, BUCKET);

      ApplicationFailure write = catchThrowableOfType(ApplicationFailure.class,
          () -> new RestoreTestReportActivitiesImpl(down).writeReport(report("2026-W48", "run-u", 0)));
      ApplicationFailure read = catchThrowableOfType(ApplicationFailure.class,
          () -> new RestoreTestHistory(down).failedBefore("2026-W48"));

      for (ApplicationFailure failure : List.of(write, read)) {
        assertThat(failure).isNotNull();
        assertThat(failure.getType()).isEqualTo(AuditBucket.UNAVAILABLE);
        assertThat(failure.isNonRetryable()).isFalse();
      }
    }
  }
}
