package dev.edgerunbooks.starters.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.workflows.certrotation.CertRotationProgress;
import dev.edgerunbooks.workflows.certrotation.CertRotationRequest;
import dev.edgerunbooks.workflows.certrotation.CertRotationSummary;
import dev.edgerunbooks.workflows.certrotation.CertRotationWorkflow;
import dev.edgerunbooks.workflows.certrotation.NodeOutcome;
import dev.edgerunbooks.workflows.certrotation.NodeRotation;
import dev.edgerunbooks.workflows.certrotation.StoreCertResult;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.tokenrotation.AccountRotation;
import dev.edgerunbooks.workflows.tokenrotation.StoreTokenResult;
import dev.edgerunbooks.workflows.tokenrotation.TokenOutcome;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationProgress;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationRequest;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationSummary;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationWorkflow;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run cert-rotation}, {@code run token-rotation}, {@code status} and {@code watch} of their
 * runs against Temporal's test server, with stand-in workflows that keep the contracts: they record
 * the request, plan (refusing an unknown store or an invalid rotation.yaml as the plan activity
 * does), answer the progress query store by store, and return the summary of the scripted fleet.
 */
class RotationRunsTest {
  /** A store the stand-ins' planning does not know. */
  static final String UNKNOWN_STORE = "store-0009";
  /** A store whose run the stand-ins' planning refuses for rotation.yaml. */
  static final String INVALID_POLICY = "store-0666";
  static final String INVALID_POLICY_WHY =
      "runbooks/rotation.yaml:14:19: certificates.escalateBefore 30d must be at least a day shorter than renewBefore 30d";

  @RegisterExtension static final CliTestServer temporal = CliTestServer.start(FakeCertRotation.class, FakeTokenRotation.class);

  @TempDir Path dir;
  private final CliTestServer.Cli cli = temporal.cli();

  @Test
  void storesForceAndDryRunAreParsedIntoTheCommand() {
    RotationCommand parsed =
        parse("run", "cert-rotation", "--stores", "store-0001,store-0002", "--stores", "store-0004", "--force",
            "--dry-run", "--as", "carol");

    assertThat(parsed.stores.ids).containsExactly("store-0001", "store-0002", "store-0004");
    assertThat(parsed.force).isTrue();
    assertThat(parsed.dryRun).isTrue();
    assertThat(parsed.operator.name()).isEqualTo("carol");

    RotationCommand defaults = parse("run", "cert-rotation");
    assertThat(defaults.stores.ids).isEmpty();
    assertThat(defaults.force).isFalse();
    assertThat(defaults.dryRun).isFalse();
    assertThat(defaults.operator.name()).isEqualTo(System.getProperty("user.name"));
  }

  /** The {@code run} subcommand {@code args} name, with its options parsed. */
  private static RotationCommand parse(String... args) {
    StringWriter ignored = new StringWriter();
    CommandLine.ParseResult parsed =
        Edgerun.commandLine(new PrintWriter(ignored), new PrintWriter(ignored)).parseArgs(args);
    return (RotationCommand) parsed.subcommand().subcommand().commandSpec().userObject();
  }

  /**
   * Runs a dry run of {@code runbook} for store-0001 and store-0002 as alice (with --force when
   * {@code force}), and checks that it waited, printed {@code headline} and {@code rows} under an id
   * of its own, and sent {@code request}.
   */
  private void assertDryRun(String runbook, boolean force, Object request, String headline, String... rows) {
    List<String> args = new ArrayList<>(List.of("run", runbook, "--stores", "store-0001,store-0002", "--dry-run",
        "--as", "alice", "--fleet", "absent.yaml"));
    if (force) {
      args.add("--force");
    }

    assertThat(cli.run(args.toArray(String[]::new))).isEqualTo(ExitCodes.OK);
    assertThat(cli.err()).containsPattern("started " + runbook + "/\\d{4}-\\d{2}-\\d{2}/dry-run-\\d+  \\(follow it");
    assertThat(cli.out())
        .containsPattern(runbook + "/\\d{4}-\\d{2}-\\d{2}/dry-run-\\d+: dry run, nothing was changed; ")
        .contains("nothing was changed; " + headline + "\n")
        .contains(rows);
    String id = cli.out().substring(0, cli.out().indexOf(':'));
    assertThat(temporal.startedWith(id, request.getClass())).isEqualTo(request);
  }

  @Test
  void aCertificateDryRunSendsTheStoresAndFlagsWaitsAndListsWhatWouldBeRenewedAndWhy() {
    assertDryRun("cert-rotation", false, new CertRotationRequest(List.of("store-0001", "store-0002"), false, true, "alice"),
        "2 stores, 4 nodes: 1 not due, 3 would renew",
        "started by alice\n",
        "  store-0001  pve1  WOULD_RENEW  expires in 12 days (renew before 30 days)  25:30:3B:46…  12 ",
        "  store-0002  pve2  WOULD_RENEW  is 61 days old (max age 60 days)           B9:C4:CF:DA…  29 ");
  }

  @Test
  void aCertificateRunStartsUnderTheDaysIdIsRefusedASecondTimeShowsProgressAndWatchEndsWithTheTable() {
    String day = RotationCommand.workflowId("cert-rotation", Clock.systemUTC(), false, false);
    assertThat(cli.run("run", "cert-rotation", "--as", "alice", "--fleet", "absent.yaml")).isEqualTo(ExitCodes.OK);
    String id = cli.out().trim();
    assertThat(id).isEqualTo(day);
    assertThat(cli.err()).contains("started " + id + "  (follow it with: edgerun status " + id + ")");
    assertThat(temporal.startedWith(id, CertRotationRequest.class))
        .isEqualTo(new CertRotationRequest(List.of(), false, false, "alice"));

    cli.clear();
    assertThat(cli.run("run", "cert-rotation", "--fleet", "absent.yaml")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains(id + " is already running; follow it with: edgerun status " + id);

    cli.clear();
    assertThat(cli.run("status", id)).isEqualTo(ExitCodes.OK);
    assertThat(cli.out())
        .contains(id + ": running\n")
        .containsPattern("\\] [0-2]/3 stores  nodes: .*  \\(rotating\\)\\n")
        .containsPattern("rotating now \\(1\\): store-000[1-3]");

    cli.clear();
    assertThat(cli.run("watch", id, "--no-redraw", "--interval", "PT0.1S")).isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(cli.out())
        .containsPattern("\\d\\d:\\d\\d:\\d\\d \\[#+-+\\] [12]/3 stores  nodes: 1 not due, 1 renewed")
        .contains(id + ": 3 stores, 4 nodes: 1 not due, 1 renewed, 1 restored, 1 broken; 1 store not checked\n")
        .contains("!! ESCALATION: 2 certificates are close to expiry and not renewed")
        .containsPattern("store-0002  pve2  BROKEN ")
        .contains("report: " + id + "/report.json");
  }

  @Test
  void aForcedCertificateRunGetsItsOwnIdAndWithJsonPrintsTheSummary() {
    int exit = cli.run("run", "cert-rotation", "--stores", "store-0001", "--force", "--wait", "--json", "--as", "bob",
        "--fleet", "absent.yaml");

    assertThat(exit).isEqualTo(ExitCodes.OK);
    assertThat(cli.err()).containsPattern("started cert-rotation/\\d{4}-\\d{2}-\\d{2}/forced-\\d+ ");
    assertThat(cli.out())
        .startsWith("{")
        .containsPattern("\"runId\" : \"cert-rotation/\\d{4}-\\d{2}-\\d{2}/forced-\\d+\"")
        .contains("\"force\" : true")
        .contains("\"why\" : \"forced (expires in 70 days)\"")
        .doesNotContain("NOT_DUE");
  }

  @Test
  void aCertificateRunWithFailedNodesExitsOneWithWaitAndStatusPrintsTheSame() {
    int exit = cli.run("run", "cert-rotation", "--stores", "store-0002", "--force", "--wait", "--fleet", "absent.yaml");

    assertThat(exit).isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(cli.err()).containsPattern("\\] [01]/1 stores  nodes: ");
    String summary = cli.out();
    assertThat(summary).contains(": 1 store, 2 nodes: 1 restored, 1 broken\n").contains("!! ESCALATION");

    cli.clear();
    String id = summary.substring(0, summary.indexOf(':'));
    assertThat(cli.run("status", id)).isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(cli.out()).isEqualTo(summary);
  }

  @Test
  void anUnknownStoreOrAnInvalidRotationYamlThePlanRefusesIsExitTwoWithItsMessageEvenWithoutWait() {
    assertThat(cli.run("run", "cert-rotation", "--stores", UNKNOWN_STORE, "--dry-run", "--fleet", "absent.yaml"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err())
        .contains("edgerun: refused before anything started: unknown store in fleet edge-lab: \"" + UNKNOWN_STORE
            + "\" (did you mean \"store-0001\"?)");

    cli.clear();
    assertThat(cli.run("run", "cert-rotation", "--stores", INVALID_POLICY, "--force", "--fleet", "absent.yaml"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("edgerun: refused before anything started: " + INVALID_POLICY_WHY);
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void anUnknownStoreInTheFleetFileIsRefusedBeforeAnythingStarts() throws IOException {
    assertThat(cli.run("run", "cert-rotation", "--stores", "store-0001,stroe-0002", "--fleet",
        TestFleets.twoStores(dir))).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err())
        .contains("unknown store in fleet edge-lab: \"stroe-0002\" (did you mean \"store-0002\"?)")
        .doesNotContain("started");
  }

  @Test
  void aForcedTokenDryRunSendsTheStoresAndFlagsAndListsEveryAccountAsDue() {
    assertDryRun("token-rotation", true, new TokenRotationRequest(List.of("store-0001", "store-0002"), true, true, "alice"),
        "2 stores, 4 accounts: 4 would rotate",
        "started by alice, forced (due or not)\n",
        "  store-0001  PBS      WOULD_ROTATE  forced   edgerun@pbs!rot-20261001-777777  67 ",
        "  store-0002  PVE      WOULD_ROTATE  forced   edgerun@pve!initial              never ");
  }

  @Test
  void aTokenRunWithFailedAccountsShowsProgressThenTheTableAndExitsOneAsStatusDoes() {
    int exit = cli.run("run", "token-rotation", "--wait", "--as", "alice", "--fleet", "absent.yaml");

    assertThat(exit).isEqualTo(ExitCodes.PROBLEMS_FOUND);
    String id = RotationCommand.workflowId("token-rotation", Clock.systemUTC(), false, false);
    assertThat(cli.err())
        .contains("started " + id + "  (follow it with: edgerun status " + id + ")")
        .containsPattern("\\] [0-2]/3 stores  accounts: .*  \\(rotating\\)");
    String summary = cli.out();
    assertThat(summary)
        .startsWith(id + ": 3 stores, 4 accounts: 1 not due, 1 rotated, 1 kept old, 1 old not revoked; 1 store not checked\n")
        .containsPattern("store-0001  PVE      ROTATED  +it expires in 12 days \\(rotate before 30 days\\)  "
            + "edgerun@pve!rot-20260826-1a2b3c -> rot-20261124-4d5e6f  90 ")
        .containsPattern("store-0002  PVE      KEPT_OLD  +it never expires +edgerun@pve!initial +never +"
            + "verifying edgerun@pve!rot-20261124-0a1b2c against the PVE API")
        .containsPattern("store-0002  PBS      OLD_NOT_REVOKED  it expires in 3 days")
        .contains("report: " + id + "/report.json");
    assertThat(temporal.startedWith(id, TokenRotationRequest.class))
        .isEqualTo(new TokenRotationRequest(List.of(), false, false, "alice"));

    cli.clear();
    assertThat(cli.run("status", id)).isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(cli.out()).isEqualTo(summary);
  }

  @Test
  void aTokenRunAsJsonPrintsTheSummaryAndARefusedOneIsExitTwo() {
    assertThat(cli.run("run", "token-rotation", "--stores", "store-0001", "--force", "--wait", "--json",
        "--fleet", "absent.yaml")).isEqualTo(ExitCodes.OK);
    assertThat(cli.out())
        .startsWith("{")
        .containsPattern("\"runId\" : \"token-rotation/\\d{4}-\\d{2}-\\d{2}/forced-\\d+\"")
        .contains("\"account\" : \"PBS\"")
        .contains("\"tokenId\" : \"edgerun@pbs!rot-20261124-f0f0f0\"")
        .contains("\"grace\" : \"PT10M\"");

    cli.clear();
    assertThat(cli.run("run", "token-rotation", "--stores", INVALID_POLICY, "--wait", "--fleet", "absent.yaml"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("edgerun: refused before anything started: " + INVALID_POLICY_WHY);
    assertThat(cli.out()).isEmpty();
  }

  // --- stand-ins

  /**
   * What both stand-ins do: plan like the plan activity (refusing what it refuses), then rotate the
   * fixture fleet a store at a time, answering where they stand.
   *
   * @param <S> a store's result
   * @param <O> a node's (account's) outcome
   */
  abstract static class FakeFleetRun<S, O> {
    String phase = "planning";
    int total;
    final List<S> done = new ArrayList<>();
    final Map<O, Integer> counts = new HashMap<>();
    List<String> running = List.of();

    /** Plans {@code stores}, then goes through the stores of {@code results}, each after a pause. */
    void rotate(List<String> stores, boolean dryRun, List<S> results, Function<S, String> storeId,
        Function<S, List<O>> outcomes) {
      Workflow.sleep(Duration.ofMillis(200));
      refuse(stores);
      total = results.size();
      phase = dryRun ? "checking (dry run)" : "rotating";
      for (S store : results) {
        running = List.of(storeId.apply(store));
        Workflow.sleep(Duration.ofMillis(dryRun ? 50 : 700));
        done.add(store);
        outcomes.apply(store).forEach(o -> counts.merge(o, 1, Integer::sum));
      }
      running = List.of();
      phase = "done";
    }
  }

  public static class FakeCertRotation extends FakeFleetRun<StoreCertResult, NodeOutcome> implements CertRotationWorkflow {
    @Override
    public CertRotationSummary run(CertRotationRequest r) {
      CertRotationSummary summary =
          RotationFixtures.certRun(Workflow.getInfo().getWorkflowId(), r.initiator(), r.stores(), r.force(), r.dryRun());
      rotate(r.stores(), r.dryRun(), summary.stores(), StoreCertResult::storeId,
          s -> s.nodes().stream().map(NodeRotation::outcome).toList());
      return summary;
    }

    @Override
    public CertRotationProgress progress() {
      return new CertRotationProgress(phase, total, done.size(), counts, running);
    }
  }

  public static class FakeTokenRotation extends FakeFleetRun<StoreTokenResult, TokenOutcome>
      implements TokenRotationWorkflow {
    @Override
    public TokenRotationSummary run(TokenRotationRequest r) {
      TokenRotationSummary summary =
          RotationFixtures.tokenRun(Workflow.getInfo().getWorkflowId(), r.initiator(), r.stores(), r.force(), r.dryRun());
      rotate(r.stores(), r.dryRun(), summary.stores(), StoreTokenResult::storeId,
          s -> s.accounts().stream().map(AccountRotation::outcome).toList());
      return summary;
    }

    @Override
    public TokenRotationProgress progress() {
      return new TokenRotationProgress(phase, total, done.size(), counts, running);
    }
  }

  /** What the plan activities refuse, as they refuse it. */
  static void refuse(List<String> stores) {
    if (stores.contains(UNKNOWN_STORE)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "unknown store in fleet edge-lab: \"" + UNKNOWN_STORE + "\" (did you mean \"store-0001\"?)",
          FailureTypes.UNKNOWN_STORE);
    }
    if (stores.contains(INVALID_POLICY)) {
      throw ApplicationFailure.newNonRetryableFailure(INVALID_POLICY_WHY, FailureTypes.RUNBOOK_INVALID);
    }
  }
}
