package dev.edgerunbooks.activities.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.edgerunbooks.workflows.restoretest.GuestRestoreResult;
import dev.edgerunbooks.workflows.restoretest.RestoreTestReport;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * {@code reports/restore-test/index.json}: every restore test run whose report is in the bucket,
 * oldest first (by week, then finish time, then run id).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestoreTestIndex(int format, List<RestoreTestIndex.Run> runs) {
  public static final int FORMAT = 1;

  /** Oldest first: by normalized week, then finish time, then run id. */
  public static final Comparator<Run> ORDER =
      Comparator.comparing(Run::week)
          .thenComparing(Run::finishedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(Run::runId);

  public RestoreTestIndex {
    runs = runs == null ? List.of() : runs.stream().sorted(ORDER).toList();
  }

  /**
   * One run.
   *
   * @param week the normalized ISO week, {@code 2026-W48}
   * @param key the run's report in the bucket
   * @param failedGuests the guests whose test failed, {@code store/vmid}, sorted
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Run(
      String week,
      String workflowId,
      String runId,
      Instant startedAt,
      Instant finishedAt,
      String key,
      int total,
      int passed,
      int failed,
      List<String> failedGuests) {
    public Run {
      failedGuests = failedGuests == null ? List.of() : failedGuests.stream().sorted().distinct().toList();
    }

    static Run of(RestoreTestReport report, String week, String key) {
      return new Run(
          week,
          report.workflowId(),
          report.runId(),
          report.startedAt(),
          report.finishedAt(),
          key,
          report.total(),
          report.passed(),
          report.failed(),
          report.guests().stream().filter(g -> !g.passed()).map(GuestRestoreResult::key).toList());
    }
  }
}
