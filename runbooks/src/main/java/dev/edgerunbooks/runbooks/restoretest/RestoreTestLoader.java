package dev.edgerunbooks.runbooks.restoretest;

import dev.edgerunbooks.runbooks.RunbookValidationException;
import dev.edgerunbooks.runbooks.fleet.FleetLoader;
import dev.edgerunbooks.runbooks.staging.StagingFields;
import dev.edgerunbooks.runbooks.staging.StagingTimeouts;
import dev.edgerunbooks.runbooks.yaml.YamlDocument;
import dev.edgerunbooks.runbooks.yaml.YamlMapping;
import dev.edgerunbooks.runbooks.yaml.YamlNodeReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and validates {@code restore-test.yaml}:
 *
 * <pre>{@code
 * rotationWeeks: 4            # every guest restored at least once every 4 weeks
 * retestFailed: true          # default true
 * staging:
 *   vmidRange: "9000-9099"    # VMIDs reserved for restored guests on each staging cluster
 *   isolatedBridge: vmbr9
 *   storage: ceph-vm
 *   capacity: 4               # concurrent restores per staging cluster
 *   capacityByRegion:         # optional
 *     eu-central: 2
 * timeouts:                   # optional
 *   restore: 30m
 *   boot: 5m
 * }</pre>
 */
public final class RestoreTestLoader {
  /** The file's name under {@code runbooks/}. */
  public static final String FILE_NAME = "restore-test.yaml";
  /** A year: a longer rotation is more likely a typo than a policy. */
  public static final int MAX_ROTATION_WEEKS = 52;

  static final List<String> TOP_KEYS = List.of("rotationWeeks", "retestFailed", "staging", "timeouts");
  static final List<String> STAGING_KEYS =
      List.of("vmidRange", "isolatedBridge", "storage", "capacity", "capacityByRegion");

  private RestoreTestLoader() {}

  /** @throws RunbookValidationException listing every problem of the file */
  public static RestoreTestDefinition load(Path file) {
    return read(YamlDocument.load(file));
  }

  /** @throws RunbookValidationException listing every problem, each prefixed with {@code sourceName} */
  public static RestoreTestDefinition parse(String yaml, String sourceName) {
    return read(YamlDocument.parse(yaml, sourceName));
  }

  static RestoreTestDefinition read(YamlDocument document) {
    return document.read(TOP_KEYS, RestoreTestLoader::readRestoreTest);
  }

  private static Optional<RestoreTestDefinition> readRestoreTest(YamlMapping top) {
    YamlDocument document = top.self().document();
    Optional<Integer> rotationWeeks = top
        .required("rotationWeeks", "say how often every guest is restored, e.g. rotationWeeks: 4 for at least once every 4 weeks")
        .flatMap(n -> n.asInt(1, MAX_ROTATION_WEEKS));
    boolean retestFailed = top.optional("retestFailed").flatMap(YamlNodeReader::asBoolean).orElse(true);
    Optional<RestoreStaging> staging = top
        .required("staging", "describe how restores use the staging clusters: " + String.join(", ", STAGING_KEYS))
        .flatMap(n -> n.asMapping(STAGING_KEYS))
        .flatMap(RestoreTestLoader::readStaging);
    StagingTimeouts timeouts = StagingFields.timeouts(top);
    if (document.hasProblems()) {
      return Optional.empty();
    }
    return Optional.of(new RestoreTestDefinition(rotationWeeks.orElseThrow(), retestFailed, staging.orElseThrow(), timeouts));
  }

  private static Optional<RestoreStaging> readStaging(YamlMapping m) {
    YamlDocument document = m.self().document();
    int before = document.problemCount();
    Optional<VmidRange> range = m.required("vmidRange", "reserve VMIDs for restored guests; " + VmidRange.FIX)
        .flatMap(n -> n.as(VmidRange::parse, VmidRange.FIX));
    Optional<String> bridge = StagingFields.isolatedBridge(m);
    Optional<String> storage = m.required("storage", "name the staging storage restores go to, e.g. storage: ceph-vm")
        .flatMap(n -> n.asMatching(FleetLoader.PVE_STORAGE, "a PVE storage id", FleetLoader.PVE_STORAGE_FIX));
    Optional<Integer> capacity = m.required("capacity", "say how many restores a staging cluster takes at once, e.g. capacity: 4")
        .flatMap(n -> readCapacity(n, range));
    List<RegionCapacity> byRegion = new ArrayList<>();
    m.optional("capacityByRegion").flatMap(n -> n.asMappingOfAnyKeys("eu-central: 2")).ifPresent(regions -> {
      for (String region : regions.keys()) {
        regions.required(region, "give the region's capacity, e.g. " + region + ": 2")
            .flatMap(n -> readCapacity(n, range))
            .ifPresent(c -> byRegion.add(new RegionCapacity(region, c, regions.key(region).orElseThrow().location())));
      }
    });
    if (document.problemCount() != before) {
      return Optional.empty();
    }
    return Optional.of(new RestoreStaging(range.orElseThrow(), bridge.orElseThrow(), storage.orElseThrow(),
        capacity.orElseThrow(), byRegion, m.self().location()));
  }

  // Each concurrent restore needs its own VMID of the range.
  private static Optional<Integer> readCapacity(YamlNodeReader n, Optional<VmidRange> range) {
    return n.asInt(1, FleetLoader.MAX_VMID).filter(c -> {
      if (range.isPresent() && c > range.get().size()) {
        n.problem("capacity " + c + " is more than the " + range.get().size() + " VMIDs of vmidRange " + range.get(),
            "lower it to at most " + range.get().size() + " or widen vmidRange: each concurrent restore needs its own VMID");
        return false;
      }
      return true;
    });
  }
}
