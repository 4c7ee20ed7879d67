package dev.edgerunbooks.activities.report;

import dev.edgerunbooks.workflows.restoretest.RestoreTestReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The restore test runs recorded in the audit bucket, and where they live:
 *
 * <pre>
 * reports/restore-test/&lt;week&gt;/&lt;runId&gt;.json   one run's report (week normalized, 2026-W48)
 * reports/restore-test/index.json              every run: week, ids, finish time, key, totals, failed guests
 * reports/restore-test/trend.md, trend.json    the last {@value #TREND_RUNS} runs per store and guest
 * </pre>
 *
 * <p>The index is a cache over the run reports: reading it also lists the reports, and a report the
 * index lacks (an index lost, corrupted, or overwritten by a concurrent run) is read and added back.
 */
public final class RestoreTestHistory {
  public static final String PREFIX = "reports/restore-test/";
  public static final String INDEX_KEY = PREFIX + "index.json";
  public static final String TREND_MARKDOWN_KEY = PREFIX + "trend.md";
  public static final String TREND_JSON_KEY = PREFIX + "trend.json";
  /** How many runs the trend view covers. */
  public static final int TREND_RUNS = 8;

  private static final Pattern WEEK = Pattern.compile("(\\d{4})-?[Ww](\\d{1,2})");
  private static final Pattern REPORT_KEY =
      Pattern.compile(Pattern.quote(PREFIX) + "(\\d{4}-W\\d{2})/([^/]+)\\.json");

  private final AuditBucket bucket;

  public RestoreTestHistory(AuditBucket bucket) {
    this.bucket = bucket;
  }

  /**
   * {@code 2026-W48} from {@code 2026-W48}, {@code 2026-w48}, {@code 2026W48} or {@code 2026-W8}: the
   * form in which weeks compare as strings.
   *
   * @throws IllegalArgumentException for anything that is not an ISO week
   */
  public static String normalizeWeek(String week) {
    Matcher m = week == null ? null : WEEK.matcher(week.strip());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("'" + week + "' is not an ISO week such as 2026-W48");
    }
    int number = Integer.parseInt(m.group(2));
    if (number < 1 || number > 53) {
      throw new IllegalArgumentException("'" + week + "' is not an ISO week: the week number must be 1 to 53");
    }
    return m.group(1) + "-W" + (number < 10 ? "0" : "") + number;
  }

  /** {@code reports/restore-test/<week>/<runId>.json}, the week normalized. */
  public static String reportKey(String week, String runId) {
    return PREFIX + normalizeWeek(week) + "/" + runId + ".json";
  }

  /**
   * The guests ({@code store/vmid}) whose restore test failed in the newest run of the latest week
   * earlier than {@code week}: the run with the greatest week before it, and of that week's runs the
   * one that finished last. Empty when there is no such run.
   *
   * @throws IllegalArgumentException when {@code week} is not an ISO week
   * @throws io.temporal.failure.ApplicationFailure {@link AuditBucket#UNAVAILABLE} or {@link
   *     AuditBucket#MISSING} when the bucket cannot be read
   */
  public SortedSet<String> failedBefore(String week) {
    String before = normalizeWeek(week);
    return runs().stream()
        .filter(r -> r.week().compareTo(before) < 0)
        .max(RestoreTestIndex.ORDER)
        .map(r -> Collections.unmodifiableSortedSet(new TreeSet<>(r.failedGuests())))
        .orElse(Collections.emptySortedSet());
  }

  /** Every recorded run, oldest first. */
  public List<RestoreTestIndex.Run> runs() {
    return reconcile(readIndex(), null).runs();
  }

  /**
   * Adds (or, for a retry of the same run, replaces) {@code report}'s entry, repairs the index from
   * the reports in the bucket, and writes it. The report must already be at {@code key}.
   *
   * @return the index as written
   */
  RestoreTestIndex record(RestoreTestReport report, String week, String key) {
    RestoreTestIndex.Run entry = RestoreTestIndex.Run.of(report, week, key);
    RestoreTestIndex index = reconcile(readIndex(), entry);
    bucket.putJson(INDEX_KEY, index);
    return index;
  }

  /** A run's report, or empty when it is gone or unreadable. */
  Optional<RestoreTestReport> report(String key) {
    try {
      return bucket.getJson(key, RestoreTestReport.class);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The stored index; empty when there is none or it is not readable (it is rebuilt then). */
  private List<RestoreTestIndex.Run> readIndex() {
    try {
      return bucket.getJson(INDEX_KEY, RestoreTestIndex.class).map(RestoreTestIndex::runs).orElse(List.of());
    } catch (IOException e) {
      return List.of();
    }
  }

  private RestoreTestIndex reconcile(List<RestoreTestIndex.Run> indexed, RestoreTestIndex.Run entry) {
    Map<String, RestoreTestIndex.Run> byRunId = new LinkedHashMap<>();
    for (RestoreTestIndex.Run run : indexed) {
      if (run != null && run.runId() != null && run.week() != null && run.key() != null) {
        byRunId.put(run.runId(), run);
      }
    }
    Set<String> keys = new HashSet<>();
    byRunId.values().forEach(r -> keys.add(r.key()));
    if (entry != null) {
      byRunId.put(entry.runId(), entry);
      keys.add(entry.key());
    }
    for (String key : bucket.listKeys(PREFIX)) {
      Matcher m = REPORT_KEY.matcher(key);
      if (!m.matches() || keys.contains(key)) {
        continue;
      }
      Optional<RestoreTestReport> report = report(key);
      if (report.isPresent() && report.get().runId() != null && !byRunId.containsKey(report.get().runId())) {
        byRunId.put(report.get().runId(), RestoreTestIndex.Run.of(report.get(), m.group(1), key));
      }
    }
    return new RestoreTestIndex(RestoreTestIndex.FORMAT, new ArrayList<>(byRunId.values()));
  }
}
