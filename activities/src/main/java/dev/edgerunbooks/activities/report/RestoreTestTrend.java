package dev.edgerunbooks.activities.report;

import static dev.edgerunbooks.activities.report.ReportText.cell;
import static dev.edgerunbooks.activities.report.ReportText.human;

import dev.edgerunbooks.workflows.restoretest.GuestRestoreResult;
import dev.edgerunbooks.workflows.restoretest.RestoreFailureKind;
import dev.edgerunbooks.workflows.restoretest.RestoreTestReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The trend over the last runs: per store and guest, one result per run, the best and worst RTO of
 * the passing runs, and the RPO (backup age) of the newest test. Guests whose newest test failed
 * come first; then by store and VMID. Written as {@code trend.json} and {@code trend.md}.
 *
 * @param runs the runs covered, oldest first; {@code results} of every guest line up with them
 * @param missingReports keys of covered runs whose report could not be read (their column is blank)
 */
public record RestoreTestTrend(List<RestoreTestIndex.Run> runs, List<Guest> guests, List<String> missingReports) {

  /**
   * @param results one per run, null when the guest was not tested in that run
   * @param bestRto shortest RTO over the passing runs, null when none passed
   * @param latestBackupAge the RPO of the newest test of the guest
   * @param failingNow whether the newest test of the guest failed
   */
  public record Guest(
      String storeId,
      int vmid,
      String name,
      List<Result> results,
      Duration bestRto,
      Duration worstRto,
      Duration latestBackupAge,
      boolean failingNow) {
    public String key() {
      return storeId + "/" + vmid;
    }
  }

  /** A guest's result in one run; {@code failure} null when it passed. */
  public record Result(boolean passed, RestoreFailureKind failure, Duration rto, Duration backupAge) {}

  private static final Comparator<Guest> ORDER =
      Comparator.comparing((Guest g) -> !g.failingNow())
          .thenComparing(Guest::storeId)
          .thenComparingInt(Guest::vmid);

  /**
   * @param runs the runs to cover, oldest first
   * @param reports the report of each run by run id; a run without one has a blank column
   */
  public static RestoreTestTrend of(List<RestoreTestIndex.Run> runs, Map<String, RestoreTestReport> reports) {
    int n = runs.size();
    Map<String, Result[]> results = new TreeMap<>();
    Map<String, GuestRestoreResult> latest = new HashMap<>();
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      RestoreTestIndex.Run run = runs.get(i);
      RestoreTestReport report = reports.get(run.runId());
      if (report == null) {
        missing.add(run.key());
        continue;
      }
      for (GuestRestoreResult g : report.guests()) {
        results.computeIfAbsent(g.key(), k -> new Result[n])[i] =
            new Result(g.passed(), g.passed() ? null : failureOf(g), g.rto(), g.backupAge());
        latest.put(g.key(), g);
      }
    }
    List<Guest> guests = new ArrayList<>();
    results.forEach((key, row) -> {
      GuestRestoreResult newest = latest.get(key);
      List<Duration> rtos = Arrays.stream(row)
          .filter(r -> r != null && r.passed() && r.rto() != null)
          .map(Result::rto)
          .toList();
      guests.add(new Guest(
          newest.storeId(),
          newest.vmid(),
          newest.name(),
          Arrays.asList(row),
          rtos.stream().min(Comparator.naturalOrder()).orElse(null),
          rtos.stream().max(Comparator.naturalOrder()).orElse(null),
          newest.backupAge(),
          !newest.passed()));
    });
    guests.sort(ORDER);
    return new RestoreTestTrend(List.copyOf(runs), List.copyOf(guests), List.copyOf(missing));
  }

  private static RestoreFailureKind failureOf(GuestRestoreResult g) {
    return g.failure() == null ? RestoreFailureKind.API_ERROR : g.failure();
  }

  /** The trend for humans: one table of runs, one table of guests. */
  public String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Restore test trend\n\n");
    if (runs.isEmpty()) {
      md.append("No restore test runs recorded yet.\n");
      return md.toString();
    }
    md.append("The last ").append(runs.size()).append(runs.size() == 1 ? " run" : " runs")
        .append(", oldest first. A cell is the guest's result in that run: `pass` and its RTO, `FAIL` and why, ")
        .append("blank when the guest was not tested in that run. RTO is restore + boot + probe; ")
        .append("RPO is the age of the backup restored in the newest test. Guests failing now come first.\n\n");

    List<String> labels = labels();
    md.append("| Run | Finished | Guests | Passed | Failed | Report |\n");
    md.append("|---|---|---:|---:|---:|---|\n");
    for (int i = 0; i < runs.size(); i++) {
      RestoreTestIndex.Run r = runs.get(i);
      md.append("| ").append(cell(labels.get(i)))
          .append(" | ").append(ReportText.time(r.finishedAt()))
          .append(" | ").append(r.total())
          .append(" | ").append(r.passed())
          .append(" | ").append(r.failed())
          .append(" | `").append(cell(r.key())).append('`')
          .append(missingReports.contains(r.key()) ? " (report not found)" : "")
          .append(" |\n");
    }
    md.append('\n');

    long failing = guests.stream().filter(Guest::failingNow).count();
    md.append("Guests: ").append(guests.size()).append(", failing in their newest test: ").append(failing).append("\n\n");

    md.append("| Store | VMID | Name |");
    labels.forEach(l -> md.append(' ').append(cell(l)).append(" |"));
    md.append(" Best RTO | Worst RTO | RPO (newest) |\n");
    md.append("|---|---:|---|");
    labels.forEach(l -> md.append("---|"));
    md.append("---:|---:|---:|\n");
    for (Guest g : guests) {
      md.append("| ").append(cell(g.storeId()))
          .append(" | ").append(g.vmid())
          .append(" | ").append(cell(g.name()))
          .append(" |");
      for (Result r : g.results()) {
        append(md, resultCell(r));
      }
      append(md, g.bestRto() == null ? "" : human(g.bestRto()));
      append(md, g.worstRto() == null ? "" : human(g.worstRto()));
      append(md, g.latestBackupAge() == null ? "" : human(g.latestBackupAge()));
      md.append('\n');
    }
    return md.toString();
  }

  /** One more cell of a row already ending in a pipe: {@code " text |"}, or {@code " |"} when blank. */
  private static void append(StringBuilder md, String text) {
    md.append(text.isEmpty() ? " |" : " " + text + " |");
  }

  private static String resultCell(Result r) {
    if (r == null) {
      return "";
    }
    if (r.passed()) {
      return "pass " + human(r.rto());
    }
    return "**FAIL** " + r.failure() + (r.rto() == null ? "" : " " + human(r.rto()));
  }

  /** Column labels: the week, with {@code #2}, {@code #3} for further runs of the same week. */
  private List<String> labels() {
    Map<String, Integer> seen = new HashMap<>();
    List<String> labels = new ArrayList<>();
    for (RestoreTestIndex.Run r : runs) {
      int k = seen.merge(Objects.requireNonNullElse(r.week(), "?"), 1, Integer::sum);
      labels.add(r.week() + (k > 1 ? " #" + k : ""));
    }
    return labels;
  }
}
