package dev.edgerunbooks.runbooks.drdrill;

import dev.edgerunbooks.runbooks.Durations;
import dev.edgerunbooks.runbooks.RunbookValidationException;
import dev.edgerunbooks.runbooks.Suggestions;
import dev.edgerunbooks.runbooks.fleet.FleetLoader;
import dev.edgerunbooks.runbooks.staging.StagingFields;
import dev.edgerunbooks.runbooks.staging.StagingTimeouts;
import dev.edgerunbooks.runbooks.yaml.UniqueValues;
import dev.edgerunbooks.runbooks.yaml.YamlDocument;
import dev.edgerunbooks.runbooks.yaml.YamlMapping;
import dev.edgerunbooks.runbooks.yaml.YamlNodeReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and validates {@code dr-drill.yaml}:
 *
 * <pre>{@code
 * clusterName: drill
 * provision:
 *   command: [/usr/local/sbin/reinstall-node, --site, "{site}", --node, "{node}"]
 *   timeout: 1h                    # default 1h
 * ceph:
 *   network: 10.99.0.0/24
 *   pool: {name: drill-vm, size: 3, minSize: 2, pgNum: 128}   # size, minSize, pgNum: these defaults
 *   osdDevices: [/dev/nvme0n1, /dev/nvme1n1]
 * isolatedBridge: vmbr9
 * bootOrder: [dns, tokenization, inventory, cache, pos, monitoring]
 * timeouts: {restore: 30m, boot: 5m}   # optional
 * targets:
 *   rpo: 26h
 *   rto: 4h
 *   phases: {provision: 1h, cluster: 15m, ceph: 30m, storage: 5m, restore: 2h}   # optional
 * }</pre>
 */
public final class DrDrillLoader {
  /** The file's name under {@code runbooks/}. */
  public static final String FILE_NAME = "dr-drill.yaml";
  public static final Duration DEFAULT_PROVISION_TIMEOUT = Duration.ofHours(1);
  public static final int DEFAULT_SIZE = 3;
  public static final int DEFAULT_MIN_SIZE = 2;
  public static final int DEFAULT_PG_NUM = 128;

  static final List<String> TOP_KEYS =
      List.of("clusterName", "provision", "ceph", "isolatedBridge", "bootOrder", "timeouts", "targets");
  static final List<String> PROVISION_KEYS = List.of("command", "timeout");
  static final List<String> CEPH_KEYS = List.of("network", "pool", "osdDevices");
  static final List<String> POOL_KEYS = List.of("name", "size", "minSize", "pgNum");
  static final List<String> TARGET_KEYS = List.of("rpo", "rto", "phases");
  static final List<String> PHASE_KEYS = Arrays.stream(RtoPhase.values()).map(RtoPhase::key).toList();

  // pvecm: a node-name-like word of at most 15 characters (corosync's limit).
  static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,13}[A-Za-z0-9])?");
  static final Pattern DEVICE = Pattern.compile("/dev/[A-Za-z0-9._:/-]+");
  static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
  // PVE's ranges for pveceph pool create.
  static final int MAX_REPLICAS = 7;
  static final int MAX_PG_NUM = 32_768;
  static final String COMMAND_EXAMPLE = "[/usr/local/sbin/reinstall-node, --site, \"{site}\", --node, \"{node}\"]";

  private DrDrillLoader() {}

  /** @throws RunbookValidationException listing every problem of the file */
  public static DrDrillDefinition load(Path file) {
    return read(YamlDocument.load(file));
  }

  /** @throws RunbookValidationException listing every problem, each prefixed with {@code sourceName} */
  public static DrDrillDefinition parse(String yaml, String sourceName) {
    return read(YamlDocument.parse(yaml, sourceName));
  }

  static DrDrillDefinition read(YamlDocument document) {
    return document.read(TOP_KEYS, DrDrillLoader::readDrill);
  }

  private static Optional<DrDrillDefinition> readDrill(YamlMapping top) {
    YamlDocument document = top.self().document();
    Optional<String> clusterName = top.required("clusterName", "name the cluster the drill creates, e.g. clusterName: drill")
        .flatMap(n -> n.asMatching(CLUSTER_NAME, "a PVE cluster name",
            "use at most 15 letters, digits and dashes, starting and ending with a letter or digit"));
    Optional<ProvisionDefinition> provision = top
        .required("provision", "say how a staging node is reinstalled: command: " + COMMAND_EXAMPLE)
        .flatMap(n -> n.asMapping(PROVISION_KEYS))
        .flatMap(DrDrillLoader::readProvision);
    Optional<CephDefinition> ceph = top.required("ceph", "describe the Ceph set-up: " + String.join(", ", CEPH_KEYS))
        .flatMap(n -> n.asMapping(CEPH_KEYS))
        .flatMap(DrDrillLoader::readCeph);
    Optional<String> bridge = StagingFields.isolatedBridge(top);
    Optional<YamlNodeReader> bootOrderNode = top.required("bootOrder",
        "list the guest roles in dependency order, e.g. bootOrder: [dns, tokenization, inventory, cache, pos, monitoring]");
    Optional<List<String>> bootOrder = bootOrderNode.flatMap(DrDrillLoader::readBootOrder);
    StagingTimeouts timeouts = StagingFields.timeouts(top);
    Optional<DrillTargetsDefinition> targets = top.required("targets", "set the drill's targets, e.g. targets: {rpo: 26h, rto: 4h}")
        .flatMap(n -> n.asMapping(TARGET_KEYS))
        .flatMap(DrDrillLoader::readTargets);
    if (document.hasProblems()) {
      return Optional.empty();
    }
    return Optional.of(new DrDrillDefinition(clusterName.orElseThrow(), provision.orElseThrow(), ceph.orElseThrow(),
        bridge.orElseThrow(), bootOrder.orElseThrow(), timeouts, targets.orElseThrow(), top.self().location(),
        bootOrderNode.orElseThrow().location()));
  }

  private static Optional<ProvisionDefinition> readProvision(YamlMapping m) {
    Optional<YamlNodeReader> commandNode = m.required("command", "write the reinstall command, e.g. command: " + COMMAND_EXAMPLE);
    Optional<List<String>> command = commandNode.flatMap(YamlNodeReader::asArgv)
        .filter(argv -> placeholdersAreKnown(commandNode.get(), argv));
    Duration timeout = m.optional("timeout").flatMap(YamlNodeReader::asDuration).orElse(DEFAULT_PROVISION_TIMEOUT);
    return command.map(argv -> new ProvisionDefinition(argv, timeout));
  }

  // Every {name} is {site} or {node}, and {node} is there: each node is reinstalled on its own.
  private static boolean placeholdersAreKnown(YamlNodeReader commandNode, List<String> argv) {
    List<YamlNodeReader> items = commandNode.asList().orElseThrow();
    boolean known = true;
    boolean namesNode = false;
    for (int i = 0; i < argv.size(); i++) {
      Matcher m = PLACEHOLDER.matcher(argv.get(i));
      while (m.find()) {
        String name = m.group(1);
        namesNode |= name.equals("node");
        if (!ProvisionDefinition.PLACEHOLDERS.contains(name)) {
          items.get(i).problem("unknown placeholder {" + name + "}",
              Suggestions.didYouMean(name, ProvisionDefinition.PLACEHOLDERS)
                  + "use {site} (the staging cluster's site id) and {node} (the node's name)");
          known = false;
        }
      }
    }
    if (known && !namesNode) {
      commandNode.problem("the command does not say which node to reinstall",
          "pass the node's name as \"{node}\", e.g. command: " + COMMAND_EXAMPLE);
      return false;
    }
    return known;
  }

  private static Optional<CephDefinition> readCeph(YamlMapping m) {
    YamlDocument document = m.self().document();
    int before = document.problemCount();
    Optional<String> network = m.required("network", "give the Ceph public network, e.g. network: 10.99.0.0/24")
        .flatMap(n -> n.as(Cidr::parse, Cidr.FIX));
    Optional<CephPoolDefinition> pool = m.required("pool", "describe the pool restores go to, e.g. pool: {name: drill-vm}")
        .flatMap(n -> n.asMapping(POOL_KEYS))
        .flatMap(DrDrillLoader::readPool);
    Optional<List<String>> devices = m.required("osdDevices", "list the disks for OSDs, e.g. osdDevices: [/dev/nvme0n1]")
        .flatMap(DrDrillLoader::readDevices);
    if (document.problemCount() != before) {
      return Optional.empty();
    }
    return Optional.of(new CephDefinition(network.orElseThrow(), pool.orElseThrow(), devices.orElseThrow()));
  }

  private static Optional<CephPoolDefinition> readPool(YamlMapping m) {
    YamlDocument document = m.self().document();
    int before = document.problemCount();
    Optional<String> name = m.required("name", "name the pool, e.g. name: drill-vm")
        .flatMap(n -> n.asMatching(FleetLoader.PVE_STORAGE, "a pool name",
            "the pool's RBD storage takes its name, so " + FleetLoader.PVE_STORAGE_FIX));
    int beforeSizes = document.problemCount();
    int size = m.optional("size").flatMap(n -> n.asInt(1, MAX_REPLICAS)).orElse(DEFAULT_SIZE);
    Optional<YamlNodeReader> minSizeNode = m.optional("minSize");
    int minSize = minSizeNode.flatMap(n -> n.asInt(1, MAX_REPLICAS)).orElse(DEFAULT_MIN_SIZE);
    if (document.problemCount() == beforeSizes && minSize > size) {
      YamlNodeReader at = minSizeNode.orElse(m.self());
      at.problem("minSize " + minSize + " is more than size " + size,
          "minSize is how many of the size replicas must be up for I/O: write at most " + size + ", e.g. size 3 with minSize 2");
    }
    Optional<YamlNodeReader> pgNumNode = m.optional("pgNum");
    int pgNum = pgNumNode.flatMap(n -> n.asInt(1, MAX_PG_NUM)).orElse(DEFAULT_PG_NUM);
    if (pgNumNode.isPresent() && Integer.bitCount(pgNum) != 1) {
      int lower = Integer.highestOneBit(pgNum);
      pgNumNode.get().problem("pgNum " + pgNum + " is not a power of two",
          "use " + lower + " or " + lower * 2 + ": Ceph warns about other values, and the drill waits for HEALTH_OK");
    }
    if (document.problemCount() != before) {
      return Optional.empty();
    }
    return Optional.of(new CephPoolDefinition(name.orElseThrow(), size, minSize, pgNum, m.self().location()));
  }

  private static Optional<List<String>> readDevices(YamlNodeReader node) {
    return node.asNonEmptyList("no OSD device is listed", "list at least one disk per node, e.g. osdDevices: [/dev/nvme0n1]")
        .flatMap(items -> readUniqueList(items, DEVICE, "a device path",
            "write the disk's path, e.g. /dev/nvme0n1 or /dev/disk/by-id/…", new UniqueValues("OSD device", "list each disk once")));
  }

  private static Optional<List<String>> readBootOrder(YamlNodeReader node) {
    return node.asNonEmptyList("the boot order is empty", "list the guest roles in dependency order, e.g. [dns, pos]")
        .flatMap(items -> readUniqueList(items, FleetLoader.ROLE, "a role word", FleetLoader.ROLE_FIX,
            new UniqueValues("role", "list each role once, at its place in the dependency order")));
  }

  private static Optional<List<String>> readUniqueList(
      List<YamlNodeReader> items, Pattern pattern, String what, String fix, UniqueValues unique) {
    List<String> values = new ArrayList<>(items.size());
    boolean valid = true;
    for (YamlNodeReader item : items) {
      Optional<String> value = item.asMatching(pattern, what, fix).filter(v -> unique.add(v, item));
      value.ifPresent(values::add);
      valid &= value.isPresent();
    }
    return valid ? Optional.of(values) : Optional.empty();
  }

  private static Optional<DrillTargetsDefinition> readTargets(YamlMapping m) {
    YamlDocument document = m.self().document();
    int before = document.problemCount();
    Optional<Duration> rpo = m.required("rpo", "write the oldest a restored backup may be, e.g. rpo: 26h")
        .flatMap(YamlNodeReader::asDuration);
    Optional<Duration> rto = m.required("rto", "write the longest the rebuild may take, e.g. rto: 4h")
        .flatMap(YamlNodeReader::asDuration);
    Map<RtoPhase, Duration> phases = new EnumMap<>(RtoPhase.class);
    m.optional("phases").flatMap(n -> n.asMapping(PHASE_KEYS)).ifPresent(p -> {
      for (RtoPhase phase : RtoPhase.values()) {
        p.optional(phase.key()).ifPresent(n -> n.asDuration().ifPresent(target -> {
          if (rto.isPresent() && target.compareTo(rto.get()) > 0) {
            n.problem("the " + phase.key() + " target " + Durations.format(target) + " is longer than the rto "
                    + Durations.format(rto.get()),
                "a phase is part of the RTO: lower it to at most " + Durations.format(rto.get()) + " or raise targets.rto");
          } else {
            phases.put(phase, target);
          }
        }));
      }
    });
    if (document.problemCount() != before) {
      return Optional.empty();
    }
    return Optional.of(new DrillTargetsDefinition(rpo.orElseThrow(), rto.orElseThrow(), phases));
  }
}
