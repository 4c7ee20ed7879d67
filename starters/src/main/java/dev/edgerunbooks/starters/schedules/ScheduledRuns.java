package dev.edgerunbooks.starters.schedules;

import dev.edgerunbooks.runbooks.IsoWeek;
import dev.edgerunbooks.runbooks.schedules.ScheduleDefinition;
import dev.edgerunbooks.runbooks.schedules.ScheduleInput;
import dev.edgerunbooks.runbooks.schedules.ScheduledRunbook;
import dev.edgerunbooks.starters.RunIds;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyRequest;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyWorkflow;
import dev.edgerunbooks.workflows.certrotation.CertRotationRequest;
import dev.edgerunbooks.workflows.certrotation.CertRotationWorkflow;
import dev.edgerunbooks.workflows.drdrill.DrDrillRequest;
import dev.edgerunbooks.workflows.drdrill.DrDrillWorkflow;
import dev.edgerunbooks.workflows.evidence.EvidenceRequest;
import dev.edgerunbooks.workflows.evidence.EvidenceWorkflow;
import dev.edgerunbooks.workflows.restoretest.RestoreTestRequest;
import dev.edgerunbooks.workflows.restoretest.RestoreTestWorkflow;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationRequest;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationWorkflow;
import dev.edgerunbooks.workflows.common.RunAttributes;
import dev.edgerunbooks.workflows.common.RunScope;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.common.SearchAttributes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What a schedule starts: the runbook's workflow, its request, and the run's id.
 *
 * <p>A Temporal Schedule starts every run with one request, fixed when the schedule is made: the day
 * (evidence) and the week (restore test) are left to the run, which takes its own, and Temporal names
 * each run {@code <runbook>/<schedule>-<nominal time>}. The in-process trigger of the embedded product
 * starts each run as {@code edgerun run} would, under the same ids ({@link RunIds}), so a run started
 * by hand and the scheduled one of the same day are one run: {@code backup-verify/<time>}, {@code
 * evidence/<date>} (UTC),
 * {@code restore-test/<week>}, {@code dr-drill/<date>/<store>[+n]}, {@code cert-rotation/<date>},
 * {@code token-rotation/<date>}; the day and week of the nominal time in the schedule's zone, so a
 * daily schedule names each day once whatever the clocks do; a dry run or a forced rotation gets
 * {@code /dry-run-<epochMillis>} or {@code /forced-<epochMillis>} of the nominal time, as the CLI's do.
 */
public final class ScheduledRuns {
  /** {@code edgerun run evidence}'s default. */
  public static final int EVIDENCE_CONCURRENCY = 20;

  /**
   * A run to start.
   *
   * @param reusePolicy null for Temporal's default
   */
  public record ScheduledStart(
      Class<?> workflowInterface, String workflowId, Object request, WorkflowIdReusePolicy reusePolicy, SearchAttributes attributes,
      String summary) {}

  private ScheduledRuns() {}

  /** The workflow interface a runbook's runs are started through. */
  public static Class<?> workflowInterface(ScheduledRunbook runbook) {
    return switch (runbook) {
      case BACKUP_VERIFY -> BackupVerifyWorkflow.class;
      case EVIDENCE -> EvidenceWorkflow.class;
      case RESTORE_TEST -> RestoreTestWorkflow.class;
      case DR_DRILL -> DrDrillWorkflow.class;
      case CERT_ROTATION -> CertRotationWorkflow.class;
      case TOKEN_ROTATION -> TokenRotationWorkflow.class;
    };
  }

  /** Who the runs say started them. */
  public static String requester(ScheduleDefinition schedule) {
    return "schedule:" + schedule.name();
  }

  /** The id a Temporal Schedule starts its runs under, before Temporal adds {@code -<nominal time>}. */
  public static String scheduleWorkflowId(ScheduleDefinition schedule) {
    return schedule.runbook().id() + "/" + schedule.name();
  }

  /** The request of every run a Temporal Schedule starts: the day and the week are the run's own. */
  public static RunScope scheduleRequest(ScheduleDefinition schedule) {
    return request(schedule, null, null);
  }

  /** What the in-process trigger starts for the fire at {@code nominal}: the CLI's id and request. */
  public static ScheduledStart start(ScheduleDefinition schedule, Instant nominal) {
    ScheduleInput in = schedule.input();
    LocalDate day = LocalDate.ofInstant(nominal, schedule.timeZone());
    LocalDate utcDay = LocalDate.ofInstant(nominal, ZoneOffset.UTC);
    IsoWeek week = IsoWeek.of(day);
    String id = switch (schedule.runbook()) {
      case BACKUP_VERIFY -> RunIds.backupVerify(nominal);
      case EVIDENCE -> RunIds.evidence(utcDay);
      case RESTORE_TEST -> RunIds.restoreTest(week);
      case DR_DRILL -> RunIds.drDrill(day, in.stores());
      // a forced rotation or one over some stores never takes the day's id, as the CLI's does not
      case CERT_ROTATION, TOKEN_ROTATION -> RunIds.rotation(schedule.runbook().id(), day, in.force() && !in.dryRun(),
          !in.stores().isEmpty() && !in.dryRun(), nominal);
    };
    if (in.dryRun()) {
      id = RunIds.dryRun(id, nominal);
    }
    WorkflowIdReusePolicy reuse = switch (schedule.runbook()) {
      case EVIDENCE, CERT_ROTATION, TOKEN_ROTATION -> WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY;
      default -> null;
    };
    RunScope request = request(schedule, utcDay.toString(), week.toString());
    return new ScheduledStart(workflowInterface(schedule.runbook()), id, request, reuse, attributes(schedule, request),
        summary(schedule, request));
  }

  /** The static summary of the runs a schedule starts. */
  public static String summary(ScheduleDefinition schedule, RunScope request) {
    return RunAttributes.summaryOf(schedule.runbook().id(), request);
  }

  /** The search attributes of the runs a schedule starts. */
  public static SearchAttributes attributes(ScheduleDefinition schedule, RunScope request) {
    return RunAttributes.ofRun(schedule.runbook().id(), request);
  }

  private static RunScope request(ScheduleDefinition schedule, String utcDay, String week) {
    ScheduleInput in = schedule.input();
    String by = requester(schedule);
    return switch (schedule.runbook()) {
      case BACKUP_VERIFY -> new BackupVerifyRequest(in.stores(), in.concurrency(), in.dryRun(), by);
      case EVIDENCE -> new EvidenceRequest(utcDay, in.stores(), in.concurrency() > 0 ? in.concurrency() : EVIDENCE_CONCURRENCY,
          in.dryRun(), by);
      case RESTORE_TEST -> new RestoreTestRequest(in.stores(), week, in.dryRun(), by);
      case DR_DRILL -> new DrDrillRequest(in.stores(), in.dryRun(), by);
      case CERT_ROTATION -> new CertRotationRequest(in.stores(), in.force(), in.dryRun(), by);
      case TOKEN_ROTATION -> new TokenRotationRequest(in.stores(), in.force(), in.dryRun(), by);
    };
  }
}
