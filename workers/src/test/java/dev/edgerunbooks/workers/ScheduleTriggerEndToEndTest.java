package dev.edgerunbooks.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.workers.schedules.ScheduleFallback;
import dev.edgerunbooks.workers.schedules.ScheduleTrigger.Event;
import dev.edgerunbooks.workers.schedules.ScheduleTrigger.Kind;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyRequest;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The embedded product fires schedules.yaml by itself: its test server has no Schedules API, so the
 * central worker's trigger starts the runs. The calendar is shortened by the clock: a schedule of every
 * minute, on a clock that runs a minute a second, starts a backup verification of store-0001 about
 * every second, skipping the minutes its last run is still running (overlap skip).
 */
@SpringBootTest(classes = {EdgeRunbooksApplication.class, ScheduleTriggerEndToEndTest.FastClock.class})
@ActiveProfiles("embedded")
class ScheduleTriggerEndToEndTest {
  private static final EndToEnd E2E = new EndToEnd();

  @DynamicPropertySource
  static void embedded(DynamicPropertyRegistry registry) throws IOException {
    Path schedules = E2E.data.resolve("schedules.yaml");
    Files.writeString(schedules, """
        schedules:
          - name: every-minute
            runbook: backup-verify
            input: {stores: [store-0001]}
            cron: "* * * * *"
            timeZone: Europe/Berlin
            overlap: skip
            catchupWindow: 1m
        """);
    E2E.embeddedOnFreePorts(registry, 3, EndToEnd.COMMITTED_RUNBOOKS, 0);
    registry.add("edge.schedules.enabled", () -> true);
    registry.add("edge.schedules.file", schedules::toString);
    registry.add("edge.schedules.tick", () -> "100ms");
  }

  /** A clock that runs sixty times as fast as the real one, from 05:29:58 in Berlin. */
  @TestConfiguration
  static class FastClock {
    @Bean(ScheduleFallback.CLOCK_BEAN)
    Clock scheduleTriggerClock() {
      Instant start = Instant.parse("2026-11-24T04:29:58Z");
      long t0 = System.nanoTime();
      return new Clock() {
        @Override
        public Instant instant() {
          return start.plusNanos((System.nanoTime() - t0) * 60);
        }

        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }
      };
    }
  }

  @Autowired ScheduleFallback schedules;
  @Autowired WorkflowClient client;

  private List<Event> started() {
    return schedules.recentEvents().stream().filter(e -> e.kind() == Kind.STARTED).toList();
  }

  @Test
  void theScheduleFiresInProcessAndItsRunsComplete() {
    assertThat(schedules.trigger()).as("the test server has no Schedules API: the trigger fires").isNotNull();

    EndToEnd.await("two scheduled runs", Duration.ofSeconds(20), () -> started().size() >= 2);
    List<Event> started = started();
    for (Event e : started.subList(0, 2)) {
      assertThat(EndToEnd.awaitClosed(client, e.workflowId(), Duration.ofSeconds(20))).as(e.workflowId())
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    }

    Event first = started.get(0);
    assertThat(first.workflowId()).startsWith("backup-verify/2026-11-24T04");
    assertThat(first.message()).startsWith("schedule every-minute at 2026-11-24 05:").contains("CET: started backup-verify/");
    assertThat(requestOf(first.workflowId())).isEqualTo(new BackupVerifyRequest(List.of("store-0001"), 0, false, "schedule:every-minute"));
    // every time was either started or skipped while the last run ran; none was missed
    assertThat(schedules.recentEvents()).extracting(Event::kind).containsOnly(Kind.STARTED, Kind.SKIPPED_OVERLAP);
  }

  private BackupVerifyRequest requestOf(String workflowId) {
    var started = client.fetchHistory(workflowId).getEvents().get(0).getWorkflowExecutionStartedEventAttributes();
    return client.getOptions().getDataConverter()
        .fromPayloads(0, Optional.of(started.getInput()), BackupVerifyRequest.class, BackupVerifyRequest.class);
  }
}
