package dev.edgerunbooks.workers.schedules;

import dev.edgerunbooks.starters.schedules.ScheduledRuns.ScheduledStart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs in memory: each stays running until a test ends it; cancels and terminates end it at once. */
final class FakeRuns implements ScheduleRuns {
  final Map<String, State> states = new LinkedHashMap<>();
  final Map<String, Object> requests = new LinkedHashMap<>();
  final List<String> calls = new ArrayList<>();
  RuntimeException down;

  @Override
  public Started start(ScheduledStart start) {
    if (down != null) {
      throw down;
    }
    String id = start.workflowId();
    if (states.containsKey(id)) {
      return new Started(new Run(id, "r-" + id), true);
    }
    calls.add("start " + id);
    states.put(id, State.RUNNING);
    requests.put(id, start.request());
    return new Started(new Run(id, "r-" + id), false);
  }

  @Override
  public State state(Run run) {
    return states.get(run.workflowId());
  }

  @Override
  public void cancel(Run run) {
    calls.add("cancel " + run.workflowId());
    states.put(run.workflowId(), State.ENDED);
  }

  @Override
  public void terminate(Run run, String reason) {
    calls.add("terminate " + run.workflowId());
    states.put(run.workflowId(), State.ENDED);
  }

  void end(String workflowId, State state) {
    states.put(workflowId, state);
  }

  void endAll() {
    states.replaceAll((id, s) -> s == State.RUNNING ? State.COMPLETED : s);
  }

  List<String> started() {
    return calls.stream().filter(c -> c.startsWith("start ")).map(c -> c.substring(6)).toList();
  }
}
