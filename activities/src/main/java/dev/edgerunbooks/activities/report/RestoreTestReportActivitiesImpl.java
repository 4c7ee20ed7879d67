package dev.edgerunbooks.activities.report;

import dev.edgerunbooks.workflows.restoretest.RestoreTestReport;
import dev.edgerunbooks.workflows.restoretest.RestoreTestReportActivities;
import dev.edgerunbooks.workflows.restoretest.RestoreTestReportKeys;
import io.temporal.failure.ApplicationFailure;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a restore test run's report, records it in the index and rewrites the trend view; see
 * {@link RestoreTestHistory} for the layout. Every write is a put of content that depends only on
 * the bucket's reports, so a retried call converges on the same objects.
 */
public class RestoreTestReportActivitiesImpl implements RestoreTestReportActivities {
  private final AuditBucket bucket;
  private final RestoreTestHistory history;

  public RestoreTestReportActivitiesImpl(AuditBucket bucket) {
    this.bucket = bucket;
    this.history = new RestoreTestHistory(bucket);
  }

  @Override
  public RestoreTestReportKeys writeReport(RestoreTestReport report) {
    String week;
    try {
      week = RestoreTestHistory.normalizeWeek(report.week());
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "restore test report " + report.runId() + ": " + e.getMessage(), ReportText.REPORT_INVALID);
    }
    String runId = ReportText.segment("runId", report.runId());
    String key = bucket.putJson(RestoreTestHistory.reportKey(week, runId), report);

    RestoreTestIndex index = history.record(report, week, key);

    List<RestoreTestIndex.Run> runs = index.runs();
    List<RestoreTestIndex.Run> last =
        runs.subList(Math.max(0, runs.size() - RestoreTestHistory.TREND_RUNS), runs.size());
    Map<String, RestoreTestReport> reports = new HashMap<>();
    for (RestoreTestIndex.Run run : last) {
      if (run.runId().equals(runId)) {
        reports.put(runId, report);
      } else {
        history.report(run.key()).ifPresent(r -> reports.put(run.runId(), r));
      }
    }
    RestoreTestTrend trend = RestoreTestTrend.of(last, reports);
    bucket.putJson(RestoreTestHistory.TREND_JSON_KEY, trend);
    String trendKey = bucket.putText(RestoreTestHistory.TREND_MARKDOWN_KEY, trend.markdown(), AuditBucket.MARKDOWN);
    return new RestoreTestReportKeys(key, trendKey);
  }
}
