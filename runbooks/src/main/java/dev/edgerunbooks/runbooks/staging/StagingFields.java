package dev.edgerunbooks.runbooks.staging;

import dev.edgerunbooks.runbooks.SourceLocation;
import dev.edgerunbooks.runbooks.Suggestions;
import dev.edgerunbooks.runbooks.ValidationProblem;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.RegionDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import dev.edgerunbooks.runbooks.yaml.YamlMapping;
import dev.edgerunbooks.runbooks.yaml.YamlNodeReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** What the restore test and the DR drill both declare and check, done the same way for both files. */
public final class StagingFields {
  /** PVE's Linux bridges are named {@code vmbrN}. */
  public static final Pattern BRIDGE = Pattern.compile("vmbr\\d{1,4}");

  static final List<String> TIMEOUT_KEYS = List.of("restore", "boot");

  private StagingFields() {}

  /** {@code isolatedBridge: vmbr9}, required. */
  public static Optional<String> isolatedBridge(YamlMapping m) {
    return m.required("isolatedBridge",
            "name the bridge restored guests are put on, one with no physical port and no gateway, e.g. isolatedBridge: vmbr9")
        .flatMap(n -> n.asMatching(BRIDGE, "a PVE bridge name", "write vmbr and a number, e.g. vmbr9"));
  }

  /** {@code timeouts: {restore: 30m, boot: 5m}}, optional, each key defaulting to {@link StagingTimeouts#DEFAULT}. */
  public static StagingTimeouts timeouts(YamlMapping m) {
    StagingTimeouts standard = StagingTimeouts.DEFAULT;
    return m.optional("timeouts")
        .flatMap(n -> n.asMapping(TIMEOUT_KEYS))
        .map(t -> new StagingTimeouts(
            t.optional("restore").flatMap(YamlNodeReader::asDuration).orElse(standard.restore()),
            t.optional("boot").flatMap(YamlNodeReader::asDuration).orElse(standard.boot())))
        .orElse(standard);
  }

  /** {@code stores} by region id, both in the order given. */
  public static Map<String, List<StoreDefinition>> byRegion(Collection<StoreDefinition> stores) {
    Map<String, List<StoreDefinition>> byRegion = new LinkedHashMap<>();
    stores.forEach(s -> byRegion.computeIfAbsent(s.region(), r -> new ArrayList<>()).add(s));
    return byRegion;
  }

  /**
   * One problem, reported at {@code at}, per region of {@code stores} that has no staging cluster.
   *
   * @param runbook how the messages name the runbook, e.g. {@code restore test}
   */
  public static List<ValidationProblem> regionsWithoutStaging(
      FleetDefinition fleet, Collection<StoreDefinition> stores, SourceLocation at, String runbook) {
    List<ValidationProblem> problems = new ArrayList<>();
    byRegion(stores).forEach((region, inRegion) -> {
      if (fleet.region(region).flatMap(RegionDefinition::staging).isEmpty()) {
        problems.add(at.problem(
            "region \"" + region + "\" has no staging cluster for the " + runbook + " of "
                + Suggestions.list(inRegion.stream().map(StoreDefinition::id).toList(), 3),
            "declare staging: nodes: for region " + region + " in the fleet definition, or leave its stores out of the "
                + runbook));
      }
    });
    return problems;
  }
}
