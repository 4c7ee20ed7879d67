package dev.edgerunbooks.runbooks.schedules;

import java.util.List;

/**
 * The runbooks a schedule may start, and the {@code input:} keys each takes (what its request record
 * has besides who started it and what the schedule decides: the day, the week). Patch waves and the
 * incident runbooks are started on demand, never by a schedule.
 */
public enum ScheduledRunbook {
  BACKUP_VERIFY("backup-verify", List.of(ScheduleInput.STORES, ScheduleInput.CONCURRENCY, ScheduleInput.DRY_RUN)),
  EVIDENCE("evidence", List.of(ScheduleInput.STORES, ScheduleInput.CONCURRENCY, ScheduleInput.DRY_RUN)),
  RESTORE_TEST("restore-test", List.of(ScheduleInput.STORES, ScheduleInput.DRY_RUN)),
  DR_DRILL("dr-drill", List.of(ScheduleInput.STORES, ScheduleInput.DRY_RUN)),
  CERT_ROTATION("cert-rotation", List.of(ScheduleInput.STORES, ScheduleInput.FORCE, ScheduleInput.DRY_RUN)),
  TOKEN_ROTATION("token-rotation", List.of(ScheduleInput.STORES, ScheduleInput.FORCE, ScheduleInput.DRY_RUN));

  private final String id;
  private final List<String> inputKeys;

  ScheduledRunbook(String id, List<String> inputKeys) {
    this.id = id;
    this.inputKeys = inputKeys;
  }

  /** {@code backup-verify}: the name {@code edgerun run} and schedules.yaml use. */
  public String id() {
    return id;
  }

  /** The keys its {@code input:} may have. */
  public List<String> inputKeys() {
    return inputKeys;
  }

  /** Whether it needs stores named: a DR drill rebuilds the stores it is given, never the whole fleet. */
  public boolean needsStores() {
    return this == DR_DRILL;
  }
}
