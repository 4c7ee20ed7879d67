package dev.edgerunbooks.runbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgerunbooks.runbooks.fleet.ClusterDefinition;
import dev.edgerunbooks.runbooks.fleet.FleetDefaults;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.FleetLoader;
import dev.edgerunbooks.runbooks.fleet.GuestDefinition;
import dev.edgerunbooks.runbooks.fleet.GuestType;
import dev.edgerunbooks.runbooks.fleet.NodeDefinition;
import dev.edgerunbooks.runbooks.fleet.PbsDefinition;
import dev.edgerunbooks.runbooks.fleet.RegionDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** What the runbook loader tests share: the committed files, small fleets, and the problems of a load. */
public final class RunbookTests {
  private static final String FP =
      "01:08:0F:16:1D:24:2B:32:39:40:47:4E:55:5C:63:6A:71:78:7F:86:8D:94:9B:A2:A9:B0:B7:BE:C5:CC:D3:DA";

  private RunbookTests() {}

  /** A file committed under {@code runbooks/} (tests run in the module's directory). */
  public static Path committed(String name) {
    return Path.of(name);
  }

  public static FleetDefinition committedFleet() {
    return FleetLoader.load(committed("fleet.yaml"));
  }

  /** The problems a load reports; fails when it loads. */
  public static List<ValidationProblem> problemsOf(ThrowingCallable load) {
    RunbookValidationException e = catchThrowableOfType(RunbookValidationException.class, load);
    assertThat(e).as("expected the file to be rejected").isNotNull();
    return e.problems();
  }

  public static ValidationProblem onlyProblemOf(ThrowingCallable load) {
    List<ValidationProblem> problems = problemsOf(load);
    assertThat(problems).as("problems").hasSize(1);
    return problems.get(0);
  }

  /** That {@code load} reports exactly this one problem. */
  public static void assertOnlyProblem(ThrowingCallable load, String file, int line, int column, String path, String message,
      String fix) {
    assertThat(onlyProblemOf(load)).extracting(ValidationProblem::file, ValidationProblem::line, ValidationProblem::column,
            ValidationProblem::path, ValidationProblem::message, ValidationProblem::fix)
        .containsExactly(file, line, column, path, message, fix);
  }

  /** {@code text} with line {@code line} (1-based) replaced. */
  public static String withLine(String text, int line, String replacement) {
    List<String> lines = new java.util.ArrayList<>(text.lines().toList());
    lines.set(line - 1, replacement);
    return String.join("\n", lines) + "\n";
  }

  public static GuestDefinition guest(int vmid, String name, GuestType type, String role) {
    return new GuestDefinition(vmid, name, type, role, Duration.ofHours(26));
  }

  public static StoreDefinition store(String id, String region, GuestDefinition... guests) {
    return store(id, region, ZoneId.of("UTC"), guests);
  }

  public static StoreDefinition store(String id, String region, ZoneId timeZone, GuestDefinition... guests) {
    ClusterDefinition cluster = new ClusterDefinition(List.of(node("pve1", 20000)));
    PbsDefinition pbs = new PbsDefinition(URI.create("https://10.0.0.20:8007"), FP, "store", "pbs-store", Optional.empty());
    return new StoreDefinition(id, region, timeZone, false, Optional.empty(), cluster, pbs, Arrays.asList(guests));
  }

  /** Regions {@code ids}, each with a staging cluster of {@code stagingNodes} nodes (none when 0). */
  public static FleetDefinition fleet(int stagingNodes, List<String> regionIds, StoreDefinition... stores) {
    List<RegionDefinition> regions = regionIds.stream().map(id -> new RegionDefinition(id, ZoneId.of("UTC"),
        stagingNodes == 0 ? Optional.empty() : Optional.of(new ClusterDefinition(
            java.util.stream.IntStream.rangeClosed(1, stagingNodes).mapToObj(i -> node("stg" + i, 21000 + i)).toList()))))
        .toList();
    return new FleetDefinition("test", FleetDefaults.STANDARD, regions, Arrays.asList(stores));
  }

  private static NodeDefinition node(String name, int port) {
    return new NodeDefinition(name, URI.create("https://127.0.0.1:" + port), FP);
  }
}
