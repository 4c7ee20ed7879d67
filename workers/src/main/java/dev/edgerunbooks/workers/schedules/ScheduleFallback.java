package dev.edgerunbooks.workers.schedules;

import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.schedules.ScheduleLoader;
import dev.edgerunbooks.runbooks.schedules.SchedulesDefinition;
import dev.edgerunbooks.starters.schedules.SchedulePlan;
import dev.edgerunbooks.starters.schedules.ScheduleReconciler;
import dev.edgerunbooks.workers.EdgeProperties;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The central worker's side of schedules.yaml. It asks the Temporal server for its schedules: a server
 * with a Schedules API (a cluster) gets its Temporal Schedules made to match the file, as {@code edgerun
 * schedules sync} does (unless {@code edge.schedules.reconcile-on-start=false}); one without (Temporal's
 * test server, as the embedded product runs it) gets the {@link ScheduleTrigger}, which fires the same
 * schedules in this process. Nobody chooses: the server's answer decides.
 *
 * <p>A schedules.yaml that does not load stops the start with the loader's message (file, line, field,
 * fix); without the file nothing is scheduled.
 */
@Component
@ConditionalOnProperty(name = "edge.central", havingValue = "true", matchIfMissing = true)
public class ScheduleFallback implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ScheduleFallback.class);
  /** The bean a test gives to run the trigger on a clock of its own. */
  public static final String CLOCK_BEAN = "scheduleTriggerClock";

  private final WorkflowClient client;
  private final EdgeProperties props;
  private final ScheduleProperties schedules;
  private final FleetDefinition fleet;
  private final Clock clock;
  /** What the trigger did last, newest last; for the tests and a look from the console. */
  private final Deque<ScheduleTrigger.Event> recent = new ConcurrentLinkedDeque<>();
  private ScheduledExecutorService ticker;
  private SchedulesDefinition definitions;
  private volatile boolean decided;
  private String lastError;
  private volatile ScheduleTrigger trigger;
  private volatile boolean running;

  public ScheduleFallback(WorkflowClient client, EdgeProperties props, ScheduleProperties schedules, FleetDefinition fleet,
      @Qualifier(CLOCK_BEAN) ObjectProvider<Clock> clock) {
    this.client = client;
    this.props = props;
    this.schedules = schedules;
    this.fleet = fleet;
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  /** The schedules file this process reads. */
  Path file() {
    return schedules.file() != null ? schedules.file() : props.runbooksDirectory().resolve(ScheduleLoader.FILE_NAME);
  }

  /** The in-process trigger; null when the server has a Schedules API, or nothing is scheduled. */
  public ScheduleTrigger trigger() {
    return trigger;
  }

  @Override
  public void start() {
    running = true;
    if (!schedules.enabled()) {
      log.info("schedules off (edge.schedules.enabled=false): nothing runs by itself");
      return;
    }
    Path file = file();
    if (!Files.exists(file)) {
      log.info("no {}: nothing runs by itself", file);
      return;
    }
    definitions = ScheduleLoader.load(file, fleet);
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "schedule-trigger");
      t.setDaemon(true);
      return t;
    });
    decide();
    ticker.scheduleWithFixedDelay(this::tick, 0, schedules.tick().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Asks the server whether it has a Schedules API, and acts on the answer; an unreachable server is
   * asked again on the next tick (said once).
   */
  private void decide() {
    ScheduleClient scheduleClient = ScheduleClient.newInstance(client.getWorkflowServiceStubs(),
        ScheduleClientOptions.newBuilder().setNamespace(client.getOptions().getNamespace()).build());
    boolean available;
    try {
      available = ScheduleReconciler.available(scheduleClient);
    } catch (RuntimeException e) {
      if (!String.valueOf(e.getMessage()).equals(lastError)) {
        log.warn("cannot ask Temporal for its schedules yet, asking again: {}", e.getMessage());
      }
      lastError = String.valueOf(e.getMessage());
      return;
    }
    decided = true;
    if (available) {
      ticker.shutdown();
      try {
        reconcile(scheduleClient, definitions);
      } catch (RuntimeException e) {
        log.error("could not make Temporal's Schedules match {}: {}; 'edgerun schedules sync' tries again", file(),
            e.getMessage(), e);
      }
      return;
    }
    Path stateFile = schedules.stateFile() != null
        ? schedules.stateFile() : props.embedded().dataDir().resolve("schedules-state.json");
    trigger = new ScheduleTrigger(definitions.schedules(), new TemporalScheduleRuns(client), clock, new TriggerStateFile(stateFile));
    log.info("Temporal has no Schedules API (Temporal's test server): the {} schedules of {} fire in this process; state"
        + " in {}{}", definitions.schedules().size(), file(), stateFile,
        trigger.pauses().isEmpty() ? "" : "; paused: " + trigger.pauses());
  }

  /** The trigger's last events (at most {@value #RECENT}), oldest first. */
  public List<ScheduleTrigger.Event> recentEvents() {
    return List.copyOf(recent);
  }

  private static final int RECENT = 200;

  private void tick() {
    try {
      if (!decided) {
        decide();
      }
      if (trigger == null) {
        return;
      }
      trigger.tick().forEach(e -> {
        recent.addLast(e);
        while (recent.size() > RECENT) {
          recent.pollFirst();
        }
        switch (e.kind()) {
          case STARTED, BUFFERED, UNPAUSED -> log.info("{}", e);
          default -> log.warn("{}", e);
        }
      });
    } catch (RuntimeException e) {
      log.error("schedule trigger: {}", e.getMessage(), e);
    }
  }

  private void reconcile(ScheduleClient scheduleClient, SchedulesDefinition definitions) {
    if (!schedules.reconcileOnStart()) {
      log.info("Temporal has a Schedules API: 'edgerun schedules sync' makes its Schedules match {}", file());
      return;
    }
    ScheduleReconciler reconciler = new ScheduleReconciler(scheduleClient);
    SchedulePlan plan = reconciler.plan(definitions);
    List<ScheduleReconciler.Outcome> outcomes = reconciler.apply(plan);
    log.info("Temporal Schedules made to match {}: {}", file(), plan.counts());
    for (ScheduleReconciler.Outcome o : outcomes) {
      SchedulePlan.Step s = o.step();
      if (o.error() != null) {
        log.warn("{} {} failed: {}", s.action().word(), s.scheduleId(), o.error());
      } else if (s.action() == SchedulePlan.Action.CONFLICT) {
        log.warn("{}", String.join("; ", s.changes()));
      } else if (o.done()) {
        log.info("{} {}: {}", s.action().word(), s.scheduleId(), String.join("; ", s.changes()));
      }
    }
  }

  @Override
  public void stop() {
    running = false;
    if (ticker != null) {
      ticker.shutdownNow();
      try {
        ticker.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** The workers' phase: which starts first does not matter, a run started early waits in its task queue. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE;
  }
}
