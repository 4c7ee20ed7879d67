package dev.edgerunbooks.activities.report;

import static dev.edgerunbooks.activities.report.ReportText.cell;
import static dev.edgerunbooks.activities.report.ReportText.time;

import dev.edgerunbooks.activities.report.MetricsTextFile.Family;
import dev.edgerunbooks.activities.report.MetricsTextFile.Sample;
import dev.edgerunbooks.workflows.tokenrotation.AccountRotation;
import dev.edgerunbooks.workflows.tokenrotation.StoreTokenResult;
import dev.edgerunbooks.workflows.tokenrotation.TokenOutcome;
import dev.edgerunbooks.workflows.tokenrotation.TokenPolicy;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationReportActivities;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The API token rotation's report and metrics.
 *
 * <p>The report goes to {@code token-rotation/<run>/report.json} (signed: {@code report.json.sig})
 * and {@code report.md}: per store and account (PVE, PBS) the outcome, why it was due, the token in
 * use before and after, its expiry and the days it has left; failures first. Token ids only, never a
 * secret (none reaches the summary).
 *
 * <p>The metrics go to a textfile for node_exporter, per account of every store the run covered
 * ({@code account} is {@code pve} or {@code pbs}, as Vault's paths name it):
 *
 * <pre>
 * edge_api_token_expiry_seconds{store,account}    seconds the token in use had left when the run finished;
 *                                                 +Inf for a token that never expires
 * edge_api_token_rotation_failed{store,account}   1 when the run's outcome for it failed, else 0
 * </pre>
 *
 * A token that never expires is {@code +Inf} rather than left out: it is known and does not expire,
 * so neither expiry alert may fire for it (the policy rotates it, and a failure to shows in {@code
 * rotation_failed}), and a missing series would look like a store nobody checked. A store the run
 * could not handle keeps its samples with {@code rotation_failed} 1; stores it did not cover keep
 * theirs. A dry run writes its report but no metrics, for the reason {@link
 * CertRotationReportActivitiesImpl} gives.
 */
public final class TokenRotationReportActivitiesImpl implements TokenRotationReportActivities {
  public static final String RUNBOOK = "token-rotation";
  static final String EXPIRY = "edge_api_token_expiry_seconds";
  static final String FAILED = "edge_api_token_rotation_failed";

  private final RotationReports reports;

  /** @param metrics the textfile node_exporter's textfile collector reads, e.g. {@code metrics/edge_api_tokens.prom} */
  public TokenRotationReportActivitiesImpl(AuditBucket bucket, ReportSigner signer, MetricsTextFile metrics) {
    this.reports = new RotationReports(bucket, signer, metrics);
  }

  /** One account's line. @param daysLeft whole days the token in use had left when the run finished; null for never */
  public record AccountLine(
      String store, String account, TokenOutcome outcome, String why, String previousTokenId, String tokenId, Instant expire,
      Long daysLeft, String detail) {}

  /** What report.json holds. @param metricsWritten false for a dry run */
  public record Report(
      TokenRotationSummary summary, String reportKey, Map<TokenOutcome, Integer> counts, boolean metricsWritten, List<AccountLine> accounts) {}

  @Override
  public String write(TokenRotationSummary summary) {
    return reports.write(RUNBOOK, summary.runId(), summary.dryRun(), key -> report(summary, key), TokenRotationReportActivitiesImpl::markdown,
        metrics -> writeMetrics(summary, metrics));
  }

  static Report report(TokenRotationSummary s, String key) {
    List<AccountLine> lines = new ArrayList<>();
    Map<TokenOutcome, Integer> counts = new EnumMap<>(TokenOutcome.class);
    for (StoreTokenResult store : s.stores()) {
      for (AccountRotation a : store.accounts()) {
        counts.merge(a.outcome(), 1, Integer::sum);
        lines.add(new AccountLine(store.storeId(), account(a), a.outcome(), a.why(), a.previousTokenId(), a.tokenId(), a.expire(),
            ReportText.daysLeft(s.finishedAt(), a.expire()), a.detail()));
      }
    }
    lines.sort(Comparator.comparing((AccountLine l) -> !l.outcome().failed())
        .thenComparing(AccountLine::store)
        .thenComparing(AccountLine::account));
    return new Report(s, key, counts, !s.dryRun(), lines);
  }

  static String markdown(Report r) {
    TokenRotationSummary s = r.summary();
    TokenPolicy p = s.policy();
    StringBuilder md = new StringBuilder();
    RotationReports.head(md, "API token rotation", s.runId(), s.dryRun(), s.initiator(), s.force(), s.startedAt(), s.finishedAt());
    if (p != null) {
      md.append("- Policy: new tokens live ").append(ReportText.human(p.lifetime())).append(", rotated within ")
          .append(ReportText.human(p.renewBefore())).append(" of expiry, old ones kept ").append(ReportText.human(p.grace()))
          .append(" after the switch\n");
    }
    RotationReports.counts(md, "Accounts", r.accounts().size(), r.counts(), r.metricsWritten());
    RotationReports.unhandled(md, "Stores not handled", s.stores(), StoreTokenResult::storeId, StoreTokenResult::failure);
    md.append("\n## Accounts\n\n| store | account | outcome | why | token before | token now | expires | days left | detail |\n")
        .append("|---|---|---|---|---|---|---|---|---|\n");
    for (AccountLine l : r.accounts()) {
      md.append("| ").append(cell(l.store())).append(" | ").append(l.account()).append(" | ")
          .append(l.outcome().failed() ? "**" + l.outcome() + "**" : l.outcome().toString()).append(" | ").append(cell(l.why()))
          .append(" | ").append(cell(l.previousTokenId())).append(" | ").append(cell(l.tokenId())).append(" | ")
          .append(l.expire() == null ? "never" : time(l.expire())).append(" | ").append(l.daysLeft() == null ? "–" : l.daysLeft())
          .append(" | ").append(cell(l.detail())).append(" |\n");
    }
    return md.toString();
  }

  private static String account(AccountRotation a) {
    return a.account().name().toLowerCase(Locale.ROOT);
  }

  private static void writeMetrics(TokenRotationSummary s, MetricsTextFile metrics) {
    Set<String> covered = new HashSet<>();
    Set<String> unhandled = new HashSet<>();
    List<Sample> expiry = new ArrayList<>();
    List<Sample> failed = new ArrayList<>();
    for (StoreTokenResult store : s.stores()) {
      if (store.accounts().isEmpty()) {
        unhandled.add(store.storeId());
        continue;
      }
      covered.add(store.storeId());
      for (AccountRotation a : store.accounts()) {
        Map<String, String> labels = MetricsTextFile.labels("store", store.storeId(), "account", account(a));
        expiry.add(new Sample(labels,
            a.expire() == null ? Double.POSITIVE_INFINITY : Duration.between(s.finishedAt(), a.expire()).getSeconds()));
        failed.add(new Sample(labels, a.outcome().failed() ? 1 : 0));
      }
    }
    metrics.replace(covered, unhandled, FAILED, List.of(
        new Family(EXPIRY, "Seconds the API token in use had left when the last rotation run finished; +Inf: it never expires.", expiry),
        new Family(FAILED, "1 when the last rotation run failed to rotate the account's API token, else 0.", failed)));
  }
}
