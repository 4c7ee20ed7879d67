package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.runbooks.Durations;
import dev.edgerunbooks.runbooks.Suggestions;
import dev.edgerunbooks.runbooks.schedules.ScheduleDefinition;
import dev.edgerunbooks.runbooks.schedules.ScheduledFire;
import dev.edgerunbooks.runbooks.schedules.SchedulesDefinition;
import dev.edgerunbooks.starters.schedules.ExistingSchedule;
import dev.edgerunbooks.starters.schedules.SchedulePlan;
import dev.edgerunbooks.starters.schedules.ScheduleReconciler;
import dev.edgerunbooks.starters.schedules.TemporalSchedules;
import io.temporal.client.schedules.ScheduleBackfill;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleHandle;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "schedules",
    mixinStandardHelpOptions = true,
    description = {
      "Schedules as code: runbooks/schedules.yaml says when each runbook runs by itself.",
      "Against a Temporal cluster each schedule is the Temporal Schedule edge/<name>, and 'sync' makes them"
          + " match the file: it creates, updates, deletes its own and leaves others alone. The embedded product's"
          + " test server has no Schedules API: there the same schedules fire in-process, and these commands say so.",
      "Exit codes: 0 ok; 1 sync left a conflict or a failed step; 2 bad input or file; 3 Temporal unreachable"
          + " or without a Schedules API; 4 no such schedule."
    })
public class SchedulesCommand implements Callable<Integer> {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

  private final Output output;
  /** Temporal's Schedules as the options say, or null when the server has none; tests give their own. */
  private final Function<ScheduleOptions, ScheduleClient> schedules;

  public SchedulesCommand(Output output) {
    this(output, ScheduleOptions::connect);
  }

  SchedulesCommand(Output output, Function<ScheduleOptions, ScheduleClient> schedules) {
    this.output = output;
    this.schedules = schedules;
  }

  @Override
  public Integer call() {
    throw new CliException(ExitCodes.USAGE, "say what to do: edgerun schedules list|sync|pause|unpause|trigger|backfill"
        + " (edgerun schedules --help)");
  }

  // ---- list

  /** A schedule as {@code list --json} prints it. */
  record Listed(String name, String scheduleId, String runbook, Object input, String when, String timeZone, String jitter,
      String overlap, String catchupWindow, boolean pauseOnFailure, List<Instant> next, String state, String location) {}

  @Command(name = "list", mixinStandardHelpOptions = true, description = {
      "List the schedules of the file and when each fires next.",
      "On a cluster it also says whether each Temporal Schedule matches the file, and which are paused."})
  int list(@Mixin ScheduleOptions options) {
    SchedulesDefinition file = options.load();
    try {
      ScheduleClient client = schedules.apply(options);
      List<ExistingSchedule> existing = client == null ? null : new ScheduleReconciler(client).existing();
      SchedulePlan plan = existing == null ? null : SchedulePlan.of(file.schedules(), existing);
      Instant now = Clock.systemUTC().instant();
      List<Listed> listed = new ArrayList<>();
      for (ScheduleDefinition d : file.schedules()) {
        SchedulePlan.Step step = plan == null ? null : plan.steps().stream()
            .filter(s -> s.definition().filter(d::equals).isPresent()).findFirst().orElseThrow();
        List<Instant> next = step != null && step.existing() != null && step.existing().ours()
            ? step.existing().nextTimes()
            : d.nextFires(now, 3).stream().map(ScheduledFire::at).toList();
        listed.add(new Listed(d.name(), TemporalSchedules.scheduleId(d.name()), d.runbook().id(), d.input(),
            d.when().describe(), d.timeZone().getId(), Durations.format(d.jitter()), d.overlap().yamlName(),
            Durations.format(d.catchupWindow()), d.pauseOnFailure(), next, state(step),
            d.location().file() + ":" + d.location().line()));
      }
      List<String> stale = plan == null ? List.of()
          : plan.steps(SchedulePlan.Action.DELETE).stream().map(SchedulePlan.Step::scheduleId).toList();
      if (options.json) {
        output.json(Map.of("temporal", options.where(), "schedulesApi", client != null, "schedules", listed,
            "notInFile", stale, "others", plan == null ? List.of() : plan.others()));
        return ExitCodes.OK;
      }
      if (client == null) {
        output.err().println(options.embedded());
        output.err().flush();
      }
      output.out().println(file.schedules().size() + " schedules in " + options.file
          + (client == null ? ", fired in-process by the embedded product:" : " on " + options.where() + ":"));
      Table table = new Table("NAME", "RUNBOOK", "WHEN", "NEXT", "STATE");
      for (Listed l : listed) {
        ZoneId zone = ZoneId.of(l.timeZone());
        String nextAt = l.next().isEmpty() ? "never" : LOCAL.format(l.next().get(0).atZone(zone));
        table.add(l.name(), l.runbook(), l.when() + " " + l.timeZone(), nextAt, l.state());
      }
      table.lines("  ").forEach(output.out()::println);
      stale.forEach(id -> output.out().println("  " + id + ": made from the file but no longer in it; sync deletes it"));
      if (plan != null && !plan.others().isEmpty()) {
        output.out().println("  and " + plan.others().size() + " schedules not made from the file, left alone");
      }
      output.out().flush();
      return ExitCodes.OK;
    } finally {
      options.close();
    }
  }

  private static String state(SchedulePlan.Step step) {
    if (step == null) {
      return "in-process";
    }
    return switch (step.action()) {
      case CREATE -> "not created yet: run sync";
      case UPDATE -> "differs from the file: run sync";
      case CONFLICT -> "conflict: " + step.scheduleId() + " is someone else's";
      case DELETE -> "not in the file";
      case KEEP -> step.existing().paused()
          ? "paused" + (step.existing().note().isBlank() ? "" : ": " + step.existing().note())
          : "matches the file";
    };
  }

  // ---- sync

  /** A step as {@code sync --json} prints it. */
  record Planned(String action, String scheduleId, List<String> changes, Boolean done, String error) {}

  @Command(name = "sync", mixinStandardHelpOptions = true, description = {
      "Make the cluster's Temporal Schedules match the file.",
      "It creates the missing, updates those that differ (a pause is kept), deletes those made from the file that"
          + " it no longer has, and leaves everyone else's alone. --dry-run prints the plan and changes nothing;"
          + " against the embedded product it prints the plan against an empty cluster (the embedded product fires"
          + " the schedules in-process)."})
  int sync(
      @Mixin ScheduleOptions options,
      @Option(names = "--dry-run", description = "Print the plan, change nothing") boolean dryRun) {
    SchedulesDefinition file = options.load();
    try {
      ScheduleClient client = schedules.apply(options);
      if (client == null && !dryRun) {
        throw new CliException(ExitCodes.UNAVAILABLE, options.embedded() + " Nothing to sync here; 'edgerun schedules"
            + " sync --dry-run' shows what sync would make on a cluster.");
      }
      ScheduleReconciler reconciler = client == null ? null : new ScheduleReconciler(client);
      SchedulePlan plan = SchedulePlan.of(file.schedules(), reconciler == null ? List.of() : reconciler.existing());
      List<ScheduleReconciler.Outcome> outcomes = dryRun ? List.of() : reconciler.apply(plan);
      boolean failed = outcomes.stream().anyMatch(o -> o.error() != null) || !plan.steps(SchedulePlan.Action.CONFLICT).isEmpty();
      if (options.json) {
        List<Planned> steps = new ArrayList<>();
        for (SchedulePlan.Step s : plan.steps()) {
          Optional<ScheduleReconciler.Outcome> o = outcomes.stream().filter(x -> x.step() == s).findFirst();
          steps.add(new Planned(s.action().word(), s.scheduleId(), s.changes(), o.map(ScheduleReconciler.Outcome::done).orElse(null),
              o.map(ScheduleReconciler.Outcome::error).orElse(null)));
        }
        output.json(Map.of("temporal", options.where(), "schedulesApi", client != null, "dryRun", dryRun, "steps", steps,
            "others", plan.others(), "counts", plan.counts()));
        return failed ? ExitCodes.PROBLEMS_FOUND : ExitCodes.OK;
      }
      if (client == null) {
        output.err().println(options.embedded());
        output.err().flush();
      }
      output.out().println((dryRun ? "plan" : "sync") + " of " + options.file + " against "
          + (client == null ? "an empty cluster" : options.where()) + ": " + plan.counts());
      Table table = new Table("", "SCHEDULE", "WHAT");
      for (SchedulePlan.Step s : plan.steps()) {
        List<String> lines = s.changes().isEmpty() ? List.of("") : s.changes();
        Optional<ScheduleReconciler.Outcome> o = outcomes.stream().filter(x -> x.step() == s).findFirst();
        String result = o.filter(x -> x.error() != null).map(x -> "FAILED: " + x.error() + "; ").orElse("");
        table.add(s.action().word(), s.scheduleId(), result + lines.get(0));
        lines.stream().skip(1).forEach(l -> table.add("", "", l));
      }
      table.lines("  ").forEach(output.out()::println);
      if (!plan.others().isEmpty()) {
        output.out().println("  left alone: " + Suggestions.list(plan.others(), 5) + " (not made from the file)");
      }
      if (dryRun) {
        output.out().println(client == null ? "nothing changed: the embedded product has no Temporal Schedules"
            : "nothing changed (--dry-run)");
      } else {
        long done = outcomes.stream().filter(ScheduleReconciler.Outcome::done).count();
        output.out().println(done + " changed" + (failed ? "; see FAILED and conflict above" : ""));
      }
      output.out().flush();
      return failed ? ExitCodes.PROBLEMS_FOUND : ExitCodes.OK;
    } finally {
      options.close();
    }
  }

  // ---- one schedule

  private static final String NAME = "The schedule's name in the file, e.g. backup-verify-nightly; its Temporal Schedule is"
      + " edge/<name>";

  @Command(name = "pause", mixinStandardHelpOptions = true,
      description = {"Pause a schedule: it starts nothing until unpaused.", "sync keeps the pause."})
  int pause(@Mixin ScheduleOptions options, @Parameters(paramLabel = "NAME", description = NAME) String name,
      @Option(names = "--note", paramLabel = "TEXT", description = "Why, shown in 'schedules list' and the Temporal UI") String note) {
    String why = note == null ? "paused with edgerun" : note;
    return onSchedule(options, options.load(), name, "pause", handle -> handle.pause(why), "paused", Map.of("note", why));
  }

  @Command(name = "unpause", mixinStandardHelpOptions = true, description = "Unpause a schedule: it starts runs at its times again.")
  int unpause(@Mixin ScheduleOptions options, @Parameters(paramLabel = "NAME", description = NAME) String name,
      @Option(names = "--note", paramLabel = "TEXT", description = "Why, shown in the Temporal UI") String note) {
    String why = note == null ? "unpaused with edgerun" : note;
    return onSchedule(options, options.load(), name, "unpause", handle -> handle.unpause(why), "unpaused",
        Map.of("note", why));
  }

  @Command(name = "trigger", mixinStandardHelpOptions = true,
      description = {"Start a run of a schedule now.", "Its overlap policy applies, as at its times."})
  int trigger(@Mixin ScheduleOptions options, @Parameters(paramLabel = "NAME", description = NAME) String name) {
    return onSchedule(options, options.load(), name, "trigger", ScheduleHandle::trigger, "triggered: a run starts now",
        Map.of());
  }

  @Command(name = "backfill", mixinStandardHelpOptions = true, description = {
      "Start the runs a schedule would have started between two times.",
      "For times missed while it was paused or did not exist. A time is 2026-11-24T04:30Z, or a date or a"
          + " date-time without zone (2026-11-24, 2026-11-24T05:30) in the schedule's zone."})
  int backfill(@Mixin ScheduleOptions options, @Parameters(paramLabel = "NAME", description = NAME) String name,
      @Option(names = "--from", required = true, paramLabel = "TIME", description = "The first time, e.g. 2026-11-24")
          String from,
      @Option(names = "--to", required = true, paramLabel = "TIME", description = "The last time, after --from") String to) {
    SchedulesDefinition file = options.load();
    ZoneId zone = file.find(name).map(ScheduleDefinition::timeZone).orElse(ZoneId.of("UTC"));
    Instant start = instant("--from", from, zone);
    Instant end = instant("--to", to, zone);
    if (!end.isAfter(start)) {
      throw new CliException(ExitCodes.USAGE, "--to " + to + " is not after --from " + from);
    }
    Optional<ScheduleDefinition> definition = file.find(name);
    Optional<Integer> times = definition.map(d -> d.times().between(start.minusSeconds(1), end, 10_000).size());
    String count = definition.map(d -> ": " + times.orElseThrow() + " times of " + d.when().describe()).orElse("");
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("from", start);
    details.put("to", end);
    details.put("times", times.orElse(null));
    return onSchedule(options, file, name, "backfill", h -> h.backfill(List.of(new ScheduleBackfill(start, end))),
        "backfilled " + start + " to " + end + count, details);
  }

  /** Parses a backfill bound: an instant, or a date (its start) or date-time in {@code zone}. */
  static Instant instant(String option, String text, ZoneId zone) {
    try {
      if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
        return java.time.OffsetDateTime.parse(text).toInstant();
      }
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay(zone).toInstant();
      }
      return LocalDateTime.parse(text).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      throw new CliException(ExitCodes.USAGE, option + " \"" + text + "\" is not a time: write 2026-11-24, 2026-11-24T05:30"
          + " (in the schedule's zone) or 2026-11-24T04:30Z");
    }
  }

  /**
   * Does {@code verb} to the schedule's Temporal Schedule and prints what was done: {@code done}, or with
   * --json {@code {scheduleId, name, action, <details>, result, temporal}}.
   */
  private int onSchedule(ScheduleOptions options, SchedulesDefinition file, String name, String verb,
      Consumer<ScheduleHandle> action, String done, Map<String, Object> details) {
    String id = TemporalSchedules.scheduleId(name);
    try {
      ScheduleClient client = schedules.apply(options);
      if (client == null) {
        throw new CliException(ExitCodes.UNAVAILABLE, options.embedded() + " There is no Temporal Schedule " + id
            + " to " + verb + ".");
      }
      try {
        action.accept(client.getHandle(id));
      } catch (RuntimeException e) {
        if (ScheduleReconciler.notFound(e)) {
          String hint = file.find(name).isPresent()
              ? name + " is in " + options.file + " but not on the cluster yet: run 'edgerun schedules sync'"
              : name + " is not in " + options.file + " (" + Suggestions.didYouMean(name, file.names()) + "its schedules: "
                  + String.join(", ", file.names()) + ")";
          throw new CliException(ExitCodes.NOT_FOUND, "no schedule " + id + " on " + options.where() + ": " + hint);
        }
        throw new CliException(ExitCodes.UNAVAILABLE, verb + " " + id + " failed: " + e.getMessage());
      }
      if (options.json) {
        Map<String, Object> acted = new LinkedHashMap<>();
        acted.put("scheduleId", id);
        acted.put("name", name);
        acted.put("action", verb);
        acted.putAll(details);
        acted.put("result", done);
        acted.put("temporal", options.where());
        output.json(acted);
      } else {
        output.out().println(id + " " + done);
        output.out().flush();
      }
      return ExitCodes.OK;
    } finally {
      options.close();
    }
  }
}
