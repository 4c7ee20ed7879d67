package dev.edgerunbooks.starters.schedules;

import dev.edgerunbooks.runbooks.schedules.ScheduleDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What sync does to make the cluster's Schedules match the file: a pure function of the definitions
 * and the schedules the server describes. A schedule of the file that is missing is created, one that
 * differs is updated (its pause state kept), one of ours the file no longer has is deleted; schedules
 * not made from the file are left alone, and one of theirs under a name of the file's is a conflict,
 * left alone too.
 *
 * @param others the ids of the schedules not made from the file, left alone
 */
public record SchedulePlan(List<Step> steps, List<String> others) {
  public enum Action {
    CREATE, UPDATE, DELETE, KEEP, CONFLICT;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @param definition the file's schedule; empty for a delete
   * @param existing what the server has; null for a create
   * @param changes what changes, in words
   */
  public record Step(Action action, String scheduleId, Optional<ScheduleDefinition> definition, ExistingSchedule existing,
      List<String> changes) {
    public Step {
      changes = List.copyOf(changes);
    }
  }

  public SchedulePlan {
    steps = List.copyOf(steps);
    others = List.copyOf(others);
  }

  /** The plan that makes {@code existing} match {@code desired}. */
  public static SchedulePlan of(List<ScheduleDefinition> desired, List<ExistingSchedule> existing) {
    Map<String, ExistingSchedule> byId = new LinkedHashMap<>();
    existing.forEach(e -> byId.put(e.id(), e));
    List<Step> steps = new ArrayList<>();
    for (ScheduleDefinition d : desired) {
      String id = TemporalSchedules.scheduleId(d.name());
      ExistingSchedule e = byId.remove(id);
      Optional<ScheduleDefinition> def = Optional.of(d);
      if (e == null) {
        steps.add(new Step(Action.CREATE, id, def, null, List.of(d.runbook().id() + ", " + d.when().describe() + " "
            + d.timeZone())));
      } else if (!e.ours()) {
        steps.add(new Step(Action.CONFLICT, id, def, e, List.of(id + " exists and was not made from the file (no "
            + TemporalSchedules.MEMO_KEY + " memo): left alone; rename this schedule or delete that one")));
      } else if (e.shape() == null) {
        steps.add(new Step(Action.UPDATE, id, def, e, List.of("unreadable (" + e.unreadable() + "): made again from the file")));
      } else {
        List<String> changes = TemporalSchedules.shape(d).changesFrom(e.shape());
        steps.add(new Step(changes.isEmpty() ? Action.KEEP : Action.UPDATE, id, def, e, changes));
      }
    }
    List<String> others = new ArrayList<>();
    byId.values().forEach(e -> {
      if (e.ours()) {
        steps.add(new Step(Action.DELETE, e.id(), Optional.empty(), e, List.of("no longer in the file")));
      } else {
        others.add(e.id());
      }
    });
    return new SchedulePlan(steps, others);
  }

  public List<Step> steps(Action action) {
    return steps.stream().filter(s -> s.action() == action).toList();
  }

  /** Whether applying it changes anything. */
  public boolean changes() {
    return steps.stream().anyMatch(s -> s.action() != Action.KEEP && s.action() != Action.CONFLICT);
  }

  /** {@code 2 to create, 1 to update, 0 to delete, 3 unchanged, 1 conflict}. */
  public String counts() {
    String counts = steps(Action.CREATE).size() + " to create, " + steps(Action.UPDATE).size() + " to update, "
        + steps(Action.DELETE).size() + " to delete, " + steps(Action.KEEP).size() + " unchanged";
    int conflicts = steps(Action.CONFLICT).size();
    return conflicts == 0 ? counts : counts + ", " + conflicts + (conflicts == 1 ? " conflict" : " conflicts");
  }
}
