package dev.edgerunbooks.starters;

import dev.edgerunbooks.runbooks.IsoWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The workflow ids of the runbooks' runs: one function per runbook.
 *
 * <p>Two things start runs and must name them alike: {@code edgerun run} and {@code rerun} (package
 * {@code cli}), and the in-process trigger of the schedules (package {@code schedules}, through
 * {@code ScheduledRuns}), so that a run started by hand and the scheduled run of the same day or week
 * are one run. The ids live here, beside both and depending on neither: {@code cli} already depends on
 * {@code schedules} (for {@code edgerun schedules}), so ids kept in {@code cli} would make the schedules
 * depend back on the command line, and ids kept in {@code schedules} would make every {@code run}
 * command depend on the schedules for a name.
 *
 * <p>No clock inside: each function is given the instant, day or week it names and the flags, so a
 * scheduled run is named by its nominal time and a run started by hand by the time it starts.
 */
public final class RunIds {
  /** A backup verification's time in UTC, e.g. {@code 2026-11-24T020000Z}. */
  private static final DateTimeFormatter BACKUP_VERIFY_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private RunIds() {}

  /** {@code backup-verify/2026-11-24T020000Z}: a run per start, named by its start in UTC. */
  public static String backupVerify(Instant start) {
    return "backup-verify/" + BACKUP_VERIFY_TIME.format(start);
  }

  /** {@code evidence/2026-11-24}: the day's run; a day is recorded once. */
  public static String evidence(LocalDate day) {
    return "evidence/" + day;
  }

  /** {@code restore-test/2026-W48}: the week's run. */
  public static String restoreTest(IsoWeek week) {
    return "restore-test/" + week;
  }

  /** {@code dr-drill/2026-11-24/store-0001}, or {@code …/store-0001+2} when two more stores are drilled. */
  public static String drDrill(LocalDate day, List<String> stores) {
    return "dr-drill/" + day + "/" + stores.get(0) + (stores.size() > 1 ? "+" + (stores.size() - 1) : "");
  }

  /**
   * {@code cert-rotation/2026-11-24} ({@code token-rotation/…}): the day's run over the whole fleet,
   * run once (its report is the day's record; the daily schedule starts it). A forced run gets
   * {@code …/forced-<epochMillis of at>} and a run over some stores {@code …/stores-<epochMillis>}, so
   * they run beside the day's run and never take its id. A dry run is neither: its id is {@link
   * #dryRun} of the day's.
   */
  public static String rotation(String runbook, LocalDate day, boolean forced, boolean someStores, Instant at) {
    String id = runbook + "/" + day;
    return forced ? distinct(id, "forced", at) : someStores ? distinct(id, "stores", at) : id;
  }

  /** {@code patch-wave/2026.12.0}: the bundle's rollout. */
  public static String patchWave(String bundle) {
    return "patch-wave/" + bundle;
  }

  /** {@code evacuate-node/store-0001/pve2}. */
  public static String evacuateNode(String store, String node) {
    return "evacuate-node/" + store + "/" + node;
  }

  /** {@code rollback-store/store-0001}. */
  public static String rollbackStore(String store) {
    return "rollback-store/" + store;
  }

  /**
   * {@code <id>/dry-run-<epochMillis of at>}: a dry run of the run named {@code id}, which never
   * collides with (or hides) that run.
   */
  public static String dryRun(String id, Instant at) {
    return distinct(id, "dry-run", at);
  }

  /** {@code <id>/<kind>-<epochMillis>}: a run of a special kind beside the run named {@code id}. */
  private static String distinct(String id, String kind, Instant at) {
    return id + "/" + kind + "-" + at.toEpochMilli();
  }
}
