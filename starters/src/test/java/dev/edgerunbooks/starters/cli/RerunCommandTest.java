package dev.edgerunbooks.starters.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerunbooks.starters.RunIds;
import dev.edgerunbooks.workflows.backupverify.BackupVerifySummary;
import dev.edgerunbooks.workflows.backupverify.FailureKind;
import dev.edgerunbooks.workflows.backupverify.VerifyFailure;
import dev.edgerunbooks.workflows.certrotation.CertRotationRequest;
import dev.edgerunbooks.workflows.drdrill.DrDrillRequest;
import dev.edgerunbooks.workflows.evidence.EvidenceRequest;
import dev.edgerunbooks.workflows.patch.EvacuateNodeRequest;
import dev.edgerunbooks.workflows.staging.StagingCluster;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code rerun} against Temporal's test server with the stand-ins of the other CLI tests: the same
 * input under the id {@code run} gives a new run, the failed stores of a run whose runbook supports
 * it, and what is refused and why.
 */
class RerunCommandTest {
  @RegisterExtension
  static final CliTestServer temporal =
      CliTestServer.start(
          ScriptedRuns.CertRotation.class, RunbookRunsTest.FakeDrDrill.class,
          RunbookRunsTest.FakeStoreDrill.class, RunbookRunsTest.FakeEvidence.class, ScriptedRuns.StuckEvacuation.class);

  private final CliTestServer.Cli cli = temporal.cli();

  /** The run's id, from the {@code started <id>  (follow it …)} line of {@code run} or {@code rerun}. */
  private static String startedId(String err) {
    int at = err.lastIndexOf("started ");
    return err.substring(at + "started ".length(), err.indexOf("  (follow it", at));
  }

  @Test
  void aFailedOnlyRerunOfACertificateRunStartsItsFailedStoresWithTheSameFlagsUnderANewForcedId() {
    assertThat(cli.run("run", "cert-rotation", "--force", "--wait", "--as", "alice", "--fleet", "absent.yaml"))
        .as(cli.err())
        .isEqualTo(ExitCodes.PROBLEMS_FOUND);
    String original = startedId(cli.err());
    assertThat(original).matches("cert-rotation/\\d{4}-\\d{2}-\\d{2}/forced-\\d+");

    cli.clear();
    assertThat(cli.run("rerun", original, "--failed-only", "--wait")).isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(cli.err())
        .containsPattern("rerun of " + original + " \\(run [0-9a-f-]{36}\\), its failed stores only \\(2\\): "
            + "store-0002, store-0003\n");
    String rerun = startedId(cli.err());
    assertThat(rerun).matches("cert-rotation/\\d{4}-\\d{2}-\\d{2}/forced-\\d+").isNotEqualTo(original);
    assertThat(cli.out()).contains(rerun + ": 2 stores, 2 nodes: 1 restored, 1 broken; 1 store not checked");
    assertThat(temporal.startedWith(rerun, CertRotationRequest.class))
        .isEqualTo(new CertRotationRequest(List.of("store-0002", "store-0003"), true, false, "alice"));
  }

  @Test
  void aRerunWithoutFailedOnlyHasTheSameInputAndADryRunIsADryRunAgain() {
    assertThat(cli.run("run", "cert-rotation", "--stores", "store-0001", "--dry-run", "--as", "bob", "--fleet",
        "absent.yaml")).isEqualTo(ExitCodes.OK);
    String dryRun = startedId(cli.err());

    cli.clear();
    assertThat(cli.run("rerun", dryRun)).isEqualTo(ExitCodes.OK);
    assertThat(cli.err()).containsPattern("rerun of " + dryRun + " \\(run [0-9a-f-]{36}\\), the same input\n");
    String rerun = startedId(cli.err());
    assertThat(rerun)
        .matches(RotationCommand.workflowId("cert-rotation", Clock.systemUTC(), false, false) + "/dry-run-\\d+")
        .isNotEqualTo(dryRun);
    assertThat(cli.out()).contains(rerun + ": dry run, nothing was changed; ");
    assertThat(temporal.startedWith(rerun, CertRotationRequest.class))
        .isEqualTo(new CertRotationRequest(List.of("store-0001"), false, true, "bob"));
  }

  @Test
  void theStoresWhoseDrillDidNotPassAreDrilledAgainUnderTodaysIdOfTheirOwn() {
    assertThat(cli.run("run", "dr-drill", "--store", "store-0001,store-0002", "--wait", "--fleet", "absent.yaml"))
        .isEqualTo(ExitCodes.PROBLEMS_FOUND);
    String original = startedId(cli.err());

    cli.clear();
    assertThat(cli.run("rerun", original, "--failed-only", "--json")).isEqualTo(ExitCodes.OK);
    String rerun = "dr-drill/" + LocalDate.now(ZoneOffset.UTC) + "/store-0002";
    assertThat(cli.err()).contains("its failed stores only (1): store-0002\n").contains("started " + rerun + "  ");
    assertThat(cli.out()).contains("\"workflowId\" : \"" + rerun + "\"");
    DrDrillRequest sent = temporal.startedWith(rerun, DrDrillRequest.class);
    assertThat(sent.stores()).containsExactly("store-0002");
    assertThat(sent.dryRun()).isFalse();
    assertThat(sent.requestedBy()).isEqualTo(temporal.startedWith(original, DrDrillRequest.class).requestedBy());

    String child = new StagingCluster("eu-central").leaseWorkflowId() + "/" + original;
    cli.clear();
    assertThat(cli.run("rerun", child)).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err())
        .contains("edgerun: " + child + " (StoreDrillWorkflow) is part of the run " + original + ": rerun that one (with"
            + " --failed-only for its failed stores, where its runbook supports it): edgerun rerun " + original);
  }

  @Test
  void evidenceSaysWhyItHasNoFailedOnlyAndADayIsRerunOnlyWhenItsRunFailed() {
    assertThat(cli.run("run", "evidence", "--date", "2026-11-19", "--wait", "--fleet", "absent.yaml"))
        .isEqualTo(ExitCodes.PROBLEMS_FOUND);

    cli.clear();
    assertThat(cli.run("rerun", "evidence/2026-11-19", "--failed-only")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err())
        .contains("edgerun: EvidenceWorkflow does not support --failed-only: evidence records a day once (append-only):"
            + " its stores not collected are recorded as such in the day's file, and the next night collects them"
            + " again. Rerun it whole with: edgerun rerun evidence/2026-11-19");

    cli.clear();
    assertThat(cli.run("rerun", "evidence/2026-11-19")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("evidence/2026-11-19 has already run (completed) and is not run again");

    // the stand-in's planning refuses 2026-11-22: the run fails, so the day may be run again
    assertThat(cli.run("run", "evidence", "--date", "2026-11-22", "--wait", "--fleet", "absent.yaml"))
        .isEqualTo(ExitCodes.USAGE);
    cli.clear();
    assertThat(cli.run("rerun", "evidence/2026-11-22")).isEqualTo(ExitCodes.OK);
    assertThat(cli.out().trim()).isEqualTo("evidence/2026-11-22");
    assertThat(temporal.startedWith("evidence/2026-11-22", EvidenceRequest.class).date()).isEqualTo("2026-11-22");
  }

  @Test
  void anIncidentRunbookIsRerunWholeAndNotWhileItRuns() {
    assertThat(cli.run("run", "evacuate-node", "--store", "store-0001", "--node", "pve2", "--as", "dave", "--fleet",
        "absent.yaml")).isEqualTo(ExitCodes.OK);
    String id = RunIds.evacuateNode("store-0001", "pve2");

    cli.clear();
    assertThat(cli.run("rerun", id, "--failed-only")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err())
        .contains("EvacuateNodeWorkflow does not support --failed-only: an incident runbook acts on one store");

    cli.clear();
    assertThat(cli.run("rerun", id)).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains(id + " is already running; follow it with: edgerun status " + id);
    assertThat(temporal.startedWith(id, EvacuateNodeRequest.class).initiator()).isEqualTo("dave");
  }

  @Test
  void failedOnlyOfARunningRunOrAnUnknownIdIsRefused() {
    assertThat(cli.run("run", "cert-rotation", "--stores", "store-0001", "--fleet", "absent.yaml"))
        .isEqualTo(ExitCodes.OK);
    String running = cli.out().trim();

    cli.clear();
    assertThat(cli.run("rerun", running, "--failed-only")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains(running + " is still running: its failed stores are known when it ends");

    cli.clear();
    assertThat(cli.run("rerun", "backup-verify/2026-11-24T020000Z")).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(cli.err()).contains("edgerun: no run with id backup-verify/2026-11-24T020000Z");
  }

  @Test
  void theFailedStoresOfABackupVerificationAreThoseOfItsFailuresUnlessTheSummaryLeftSomeOut() {
    List<VerifyFailure> failures =
        List.of(
            new VerifyFailure("store-0002", 101, "pos", FailureKind.VERIFY_FAILED, "chunk missing"),
            new VerifyFailure("store-0002", 102, "db", FailureKind.RPO_EXCEEDED, "26h"),
            new VerifyFailure("store-0009", null, null, FailureKind.STORE_UNREACHABLE, "no worker"));
    BackupVerifySummary all = new BackupVerifySummary("backup-verify/x", false, List.of(), 5, 3, 1, 1, failures, 0, "reports/x.json");
    assertThat(Reruns.failedStores(all)).containsExactly("store-0002", "store-0009");

    BackupVerifySummary cut = new BackupVerifySummary("backup-verify/x", false, List.of(), 5, 2, 2, 1, failures, 40, "reports/x.json");
    assertThatThrownBy(() -> Reruns.failedStores(cut))
        .isInstanceOf(CliException.class)
        .hasMessage("backup-verify/x's summary names 2 of its 3 failed stores (it leaves 40 failures out; the report"
            + " reports/x.json has them all): start those stores with edgerun run backup-verify --stores <stores>");
  }
}
