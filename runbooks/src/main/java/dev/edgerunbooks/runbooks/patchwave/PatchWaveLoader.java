package dev.edgerunbooks.runbooks.patchwave;

import dev.edgerunbooks.runbooks.Percentage;
import dev.edgerunbooks.runbooks.RunbookValidationException;
import dev.edgerunbooks.runbooks.Suggestions;
import dev.edgerunbooks.runbooks.calendar.CalendarFields;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import dev.edgerunbooks.runbooks.yaml.UniqueValues;
import dev.edgerunbooks.runbooks.yaml.YamlDocument;
import dev.edgerunbooks.runbooks.yaml.YamlMapping;
import dev.edgerunbooks.runbooks.yaml.YamlNodeReader;
import dev.edgerunbooks.workflows.patch.GatePolicy;
import dev.edgerunbooks.workflows.patch.NoDataPolicy;
import dev.edgerunbooks.workflows.common.StoreCalendar;
import dev.edgerunbooks.workflows.patch.SloMetric;
import dev.edgerunbooks.workflows.patch.SloObjective;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and validates {@code patch-wave.yaml} against the fleet it rolls bundles out to:
 *
 * <pre>{@code
 * bundles:
 *   publicKey: keys/bundle-signing.pub.pem   # the pinned public key (PEM), relative to the file's folder
 * waves:                      # in rollout order, at least one
 *   - name: canary
 *     stores: [store-0001]    # the stores it lists, or
 *     concurrency: 1
 *     maxFailures: 1          # a count, or a share of the wave's stores: 5%
 *     soak: 30m
 *     approval: false         # default false
 *   - name: rest
 *     size: rest              # a count (50), a share of the fleet (10%), or rest (the last wave only)
 *     concurrency: 50
 *     maxFailures: 2%
 *     soak: 2h
 *     approval: true
 * order: fleet                # fleet (default) or shuffled (by the bundle version)
 * window:                     # in each store's own time zone
 *   days: [mon, tue, wed, thu, fri]
 *   from: "01:00"
 *   to: "05:00"               # not after from: past midnight; equal: the whole day
 *   minimumLength: 90m
 * freezes:                    # optional
 *   - {name: black-friday, from: 2026-11-26, to: 2026-11-30}
 * gate:
 *   noData: pause             # fail | pause (default)
 *   maxFailingStores: 0       # default 0
 *   peerSample: 50            # default 50
 *   slos:
 *     ttfbP95: {limit: 0.5, marginal: 25%, max: 60%}
 * approvers: [alice, bob]     # required when a wave needs an approval
 * rollbackOnHalt: true        # default true
 * batchSize: 200              # default 200, 10 to 1000
 * preflight:
 *   restoreTestMaxAge: 14d    # 0 or absent: not required
 * }</pre>
 *
 * <p>Against the fleet: every listed store must be in it, and the window must open in every store's time
 * zone within {@link StoreCalendar#HORIZON_DAYS} days of the clock's now, freezes included. The window and
 * the freezes are read and checked by {@link CalendarFields}, as {@code rotation.yaml}'s are.
 */
public final class PatchWaveLoader {
  /** The file's name under {@code runbooks/}. */
  public static final String FILE_NAME = "patch-wave.yaml";
  public static final int MIN_BATCH_SIZE = 10;
  public static final int MAX_BATCH_SIZE = 1000;
  public static final int DEFAULT_BATCH_SIZE = 200;
  public static final int DEFAULT_PEER_SAMPLE = 50;
  static final int MAX_CONCURRENCY = 10_000;
  static final int MAX_PEER_SAMPLE = 10_000;
  static final int MAX_STORES = WaveSize.MAX_COUNT;

  static final List<String> TOP_KEYS = List.of("bundles", "waves", "order", "window", "freezes", "gate", "approvers",
      "rollbackOnHalt", "batchSize", "preflight");
  static final List<String> BUNDLES_KEYS = List.of("publicKey");
  static final List<String> WAVE_KEYS = List.of("name", "stores", "size", "concurrency", "maxFailures", "soak", "approval");
  static final List<String> GATE_KEYS = List.of("noData", "maxFailingStores", "peerSample", "slos");
  static final List<String> OBJECTIVE_KEYS = List.of("limit", "marginal", "max");
  static final List<String> PREFLIGHT_KEYS = List.of("restoreTestMaxAge");

  /** An SLO as the file names it, and the largest limit that makes sense for it. */
  record Slo(String key, SloMetric metric, double maxLimit, String example) {}

  static final List<Slo> SLOS = List.of(
      new Slo("ttfbP95", SloMetric.TTFB_P95, 3600, "{limit: 0.5, marginal: 25%, max: 60%}"),
      new Slo("posLatency", SloMetric.POS_LATENCY, 3600, "{limit: 0.15, marginal: 25%, max: 60%}"),
      new Slo("cacheHitRatio", SloMetric.CACHE_HIT_RATIO, 1, "{limit: 0.8, marginal: 5%, max: 15%}"),
      new Slo("wanAvailability", SloMetric.WAN_AVAILABILITY, 1, "{limit: 0.99, marginal: 0.5%, max: 1%}"),
      new Slo("syncBacklog", SloMetric.SYNC_BACKLOG, MAX_STORES, "{limit: 20, marginal: 100%, max: 300%}"));
  static final List<String> SLO_KEYS = SLOS.stream().map(Slo::key).toList();

  static final Pattern WAVE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  static final Pattern APPROVER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}");

  static final String WAVE_EXAMPLE = "- {name: canary, stores: [store-0001], concurrency: 1, maxFailures: 1, soak: 30m}";
  static final String WORSENING_FIX = "write the worsening against the baselines as a percentage, e.g. 25%";

  private final YamlDocument document;
  private final Path source;
  private final Path directory;
  private final FleetDefinition fleet;
  private final Clock clock;
  // Fleet order, so among equally close ids the suggestion is the first one the fleet lists.
  private final Set<String> storeIds;

  // The first wave that waits for an approval, where a missing approvers list is reported.
  private YamlNodeReader firstApproval;
  private YamlNodeReader lastWave;

  private PatchWaveLoader(YamlDocument document, Path source, Path directory, FleetDefinition fleet, Clock clock) {
    this.document = document;
    this.source = source.toAbsolutePath().normalize();
    this.directory = directory.toAbsolutePath().normalize();
    this.fleet = fleet;
    this.clock = clock;
    this.storeIds = fleet.stores().stream().map(StoreDefinition::id).collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** {@link #load(Path, FleetDefinition, Clock)} with the system clock. */
  public static PatchWaveDefinition load(Path file, FleetDefinition fleet) {
    return load(file, fleet, Clock.systemUTC());
  }

  /**
   * Reads {@code file}; the public key is resolved against the file's folder, and the window must open
   * for every store of {@code fleet} within the horizon from {@code clock}'s now.
   *
   * @throws RunbookValidationException listing every problem of the file
   */
  public static PatchWaveDefinition load(Path file, FleetDefinition fleet, Clock clock) {
    Path absolute = file.toAbsolutePath();
    return new PatchWaveLoader(YamlDocument.load(file), absolute, absolute.getParent(), fleet, clock).read();
  }

  /**
   * Reads {@code yaml} as if it were the file {@code sourceName} in {@code directory}, against which the
   * public key's path is resolved.
   *
   * @throws RunbookValidationException listing every problem, each prefixed with {@code sourceName}
   */
  public static PatchWaveDefinition parse(String yaml, String sourceName, Path directory, FleetDefinition fleet, Clock clock) {
    return new PatchWaveLoader(YamlDocument.parse(yaml, sourceName), directory.resolve(sourceName), directory, fleet, clock)
        .read();
  }

  private PatchWaveDefinition read() {
    return document.read(TOP_KEYS, this::readPatchWave);
  }

  private Optional<PatchWaveDefinition> readPatchWave(YamlMapping top) {
    Optional<Path> publicKey = top
        .required("bundles", "say which key bundles must be signed with, e.g. bundles: {publicKey: keys/bundle-signing.pub.pem}")
        .flatMap(n -> n.asMapping(BUNDLES_KEYS))
        .flatMap(this::readBundles);
    Optional<List<WaveDefinition>> waves = top
        .required("waves", "list the waves in rollout order, the canary first, e.g. " + WAVE_EXAMPLE)
        .flatMap(this::readWaves);
    StoreOrder order = top.optional("order").flatMap(n -> n.asEnum(StoreOrder.class)).orElse(StoreOrder.FLEET);
    Optional<StoreCalendar> calendar = CalendarFields.read(top, fleet, clock);
    Optional<GatePolicy> gate = top
        .required("gate", "describe the health gate judged after each wave's soak: " + String.join(", ", GATE_KEYS))
        .flatMap(n -> n.asMapping(GATE_KEYS))
        .flatMap(this::readGate);
    Optional<List<String>> approvers =
        top.optional("approvers").map(PatchWaveLoader::readApprovers).orElse(Optional.of(List.of()));
    if (firstApproval != null && approvers.filter(List::isEmpty).isPresent()) {
      firstApproval.problem("the wave waits for an approval, but no approver is named",
          "list who may approve waves, e.g. approvers: [alice, bob], or set approval: false");
    }
    boolean rollbackOnHalt = top.optional("rollbackOnHalt").flatMap(YamlNodeReader::asBoolean).orElse(true);
    int batchSize = top.optional("batchSize").flatMap(n -> n.asInt(MIN_BATCH_SIZE, MAX_BATCH_SIZE)).orElse(DEFAULT_BATCH_SIZE);
    Optional<Duration> restoreTestMaxAge = top.optional("preflight")
        .flatMap(n -> n.asMapping(PREFLIGHT_KEYS))
        .flatMap(p -> p.optional("restoreTestMaxAge"))
        .flatMap(PatchWaveLoader::readMaxAge);
    if (document.hasProblems()) {
      return Optional.empty();
    }
    PatchWaveDefinition definition = new PatchWaveDefinition(source, publicKey.orElseThrow(), waves.orElseThrow(), order,
        calendar.orElseThrow(), gate.orElseThrow(), approvers.orElseThrow(), rollbackOnHalt, batchSize, restoreTestMaxAge);
    checkEveryStoreIsDealt(definition);
    return document.hasProblems() ? Optional.empty() : Optional.of(definition);
  }

  // ---- bundles

  private Optional<Path> readBundles(YamlMapping m) {
    Optional<YamlNodeReader> keyNode = m.required("publicKey",
        "give the path of the PEM public key bundles are signed with, relative to the folder of " + FILE_NAME
            + ", e.g. publicKey: keys/bundle-signing.pub.pem");
    return keyNode.flatMap(n -> n.asString().flatMap(text -> {
      Path key;
      try {
        key = directory.resolve(text.trim()).normalize();
      } catch (InvalidPathException e) {
        n.problem(quoteOf(text) + " is not a path: " + e.getReason(), "write the key file's path, e.g. keys/bundle-signing.pub.pem");
        return Optional.empty();
      }
      if (!Files.isRegularFile(key)) {
        n.problem("the public key file " + key + (Files.isDirectory(key) ? " is a folder" : " does not exist"),
            "put the PEM public key (ECDSA P-256) that bundles are signed with there, or correct the path, which is"
                + " relative to " + directory);
        return Optional.empty();
      }
      return Optional.of(key);
    }));
  }

  // ---- waves

  /** Where a store was listed first, for the message about listing it again. */
  private record Listing(String wave, YamlNodeReader at) {}

  private Optional<List<WaveDefinition>> readWaves(YamlNodeReader node) {
    UniqueValues names = new UniqueValues("wave name", "give each wave its own name");
    Map<String, Listing> listed = new HashMap<>();
    return node.asNonEmptyList("no wave is declared", "list at least one wave, e.g. " + WAVE_EXAMPLE).flatMap(items -> {
      lastWave = items.get(items.size() - 1);
      return YamlNodeReader.each(items,
          item -> item.asMapping(WAVE_KEYS).flatMap(m -> readWave(m, item == lastWave, names, listed)));
    });
  }

  private Optional<WaveDefinition> readWave(YamlMapping m, boolean last, UniqueValues names, Map<String, Listing> listed) {
    int before = document.problemCount();
    Optional<YamlNodeReader> nameNode = m.required("name", "name the wave, e.g. name: canary");
    Optional<String> name = nameNode
        .flatMap(n -> n.asMatching(WAVE_NAME, "a wave name", "use 1 to 63 lowercase letters, digits and dashes, e.g. wave-1"))
        .filter(v -> names.add(v, nameNode.get()));
    String wave = name.orElse(m.self().path());
    List<String> stores = List.of();
    Optional<WaveSize> size = Optional.empty();
    Optional<YamlNodeReader> storesKey = m.key("stores");
    Optional<YamlNodeReader> sizeKey = m.key("size");
    if (storesKey.isPresent() && sizeKey.isPresent()) {
      sizeKey.get().problem("a wave either lists its stores or has a size, not both",
          "keep stores: for a wave of chosen stores (the canary), or size: for one that takes stores no wave lists");
    } else if (storesKey.isPresent()) {
      stores = m.required("stores", "list the wave's stores, e.g. stores: [store-0001, store-0002]")
          .flatMap(n -> readStores(n, wave, listed))
          .orElse(List.of());
    } else if (sizeKey.isPresent()) {
      size = m.required("size", WaveSize.FORM)
          .flatMap(n -> n.as(WaveSize::parse, WaveSize.FORM).filter(s -> restIsLast(n, s, wave, last)));
    } else {
      m.self().problem("the wave says neither which stores it takes nor how many",
          "write stores: [store-0001, store-0002] to list them (a canary), or size: 50, 10% or rest");
    }
    Optional<Integer> concurrency = m.required("concurrency", "say how many stores are changed at once, e.g. concurrency: 10")
        .flatMap(n -> n.asInt(1, MAX_CONCURRENCY));
    Optional<Budget> maxFailures = m.required("maxFailures",
            "set the error budget: the failed stores that halt the wave, e.g. maxFailures: 1 or maxFailures: 5%")
        .flatMap(n -> n.as(Budget::parse, Budget.FORM));
    Optional<Duration> soak = m.required("soak", "say how long the wave's stores run before the health gate, e.g. soak: 1h")
        .flatMap(YamlNodeReader::asDuration);
    Optional<YamlNodeReader> approvalNode = m.optional("approval");
    boolean approval = approvalNode.flatMap(YamlNodeReader::asBoolean).orElse(false);
    if (approval && firstApproval == null) {
      firstApproval = approvalNode.get();
    }
    if (document.problemCount() != before) {
      return Optional.empty();
    }
    return Optional.of(new WaveDefinition(name.orElseThrow(), stores, size, concurrency.orElseThrow(),
        maxFailures.orElseThrow(), soak.orElseThrow(), approval, m.self().location()));
  }

  private static boolean restIsLast(YamlNodeReader sizeNode, WaveSize size, String wave, boolean last) {
    if (size instanceof WaveSize.Rest && !last) {
      sizeNode.problem("only the last wave can take the rest",
          "move wave \"" + wave + "\" to the end, or give it a count (50) or a share of the fleet (10%)");
      return false;
    }
    return true;
  }

  private Optional<List<String>> readStores(YamlNodeReader node, String wave, Map<String, Listing> listed) {
    return node.asNonEmptyList("the wave lists no store", "list its stores, e.g. stores: [store-0001], or give it a size instead")
        .flatMap(items -> YamlNodeReader.each(items, item -> item.asString()
            .filter(id -> isInFleet(item, id))
            .filter(id -> isListedOnce(item, id, wave, listed))));
  }

  private boolean isInFleet(YamlNodeReader item, String id) {
    if (storeIds.contains(id)) {
      return true;
    }
    item.problem("unknown store \"" + id + "\" in fleet " + fleet.name(),
        Suggestions.didYouMean(id, storeIds) + "use a store id of the fleet (" + storeIds.size() + " stores: "
            + Suggestions.list(storeIds, 3) + ")");
    return false;
  }

  private static boolean isListedOnce(YamlNodeReader item, String id, String wave, Map<String, Listing> listed) {
    Listing first = listed.putIfAbsent(id, new Listing(wave, item));
    if (first == null) {
      return true;
    }
    String where = first.wave().equals(wave) ? "this wave" : "wave \"" + first.wave() + "\"";
    item.problem("store \"" + id + "\" is already listed in " + where + " (line " + first.at().line() + ")",
        "a store is changed once per rollout: list it in one wave only");
    return false;
  }

  /** The waves must give every store of the fleet a wave, or some would never get the bundle. */
  private void checkEveryStoreIsDealt(PatchWaveDefinition definition) {
    List<String> fleetIds = List.copyOf(storeIds);
    Set<String> left = new LinkedHashSet<>(fleetIds);
    definition.assign(fleetIds, "0").forEach(left::removeAll);
    if (!left.isEmpty()) {
      lastWave.problem("the waves give " + (fleetIds.size() - left.size()) + " of the fleet's " + fleetIds.size()
              + " stores a wave; " + left.size() + " would never get a bundle (" + Suggestions.list(left, 3) + ")",
          "give the last wave size: rest, or raise the sizes");
    }
  }

  // ---- gate

  private Optional<GatePolicy> readGate(YamlMapping m) {
    int before = document.problemCount();
    NoDataPolicy noData = m.optional("noData").flatMap(n -> n.asEnum(NoDataPolicy.class)).orElse(NoDataPolicy.PAUSE);
    int maxFailingStores = m.optional("maxFailingStores").flatMap(n -> n.asInt(0, MAX_STORES)).orElse(0);
    int peerSample = m.optional("peerSample").flatMap(n -> n.asInt(1, MAX_PEER_SAMPLE)).orElse(DEFAULT_PEER_SAMPLE);
    Optional<List<SloObjective>> objectives = m
        .required("slos", "judge at least one SLO, e.g. slos: {ttfbP95: " + SLOS.get(0).example() + "}")
        .flatMap(n -> n.asMapping(SLO_KEYS))
        .flatMap(this::readObjectives);
    if (document.problemCount() != before) {
      return Optional.empty();
    }
    return Optional.of(new GatePolicy(objectives.get(), noData, maxFailingStores, peerSample));
  }

  private Optional<List<SloObjective>> readObjectives(YamlMapping m) {
    if (m.keys().isEmpty()) {
      m.self().problem("no SLO is judged", "judge at least one of " + String.join(", ", SLO_KEYS)
          + ", e.g. ttfbP95: " + SLOS.get(0).example());
      return Optional.empty();
    }
    int before = document.problemCount();
    List<SloObjective> objectives = new ArrayList<>();
    for (Slo slo : SLOS) {
      if (m.key(slo.key()).isPresent()) {
        m.required(slo.key(), "write the SLO's limit and worsenings, e.g. " + slo.key() + ": " + slo.example())
            .flatMap(n -> n.asMapping(OBJECTIVE_KEYS))
            .flatMap(o -> readObjective(o, slo))
            .ifPresent(objectives::add);
      }
    }
    return document.problemCount() == before ? Optional.of(objectives) : Optional.empty();
  }

  private Optional<SloObjective> readObjective(YamlMapping m, Slo slo) {
    int before = document.problemCount();
    Double limit = m.optional("limit").flatMap(n -> n.asDouble(0, slo.maxLimit())).orElse(null);
    Optional<YamlNodeReader> marginalNode = m.required("marginal",
        "write the worsening against the baselines that makes the gate inconclusive, e.g. marginal: 25%");
    Optional<Percentage> marginal = marginalNode.flatMap(n -> n.as(Percentage::parse, WORSENING_FIX));
    Optional<Percentage> max = m.required("max", "write the worsening against the baselines that fails the gate, e.g. max: 60%")
        .flatMap(n -> n.as(Percentage::parse, WORSENING_FIX));
    if (document.problemCount() != before) {
      return Optional.empty();
    }
    if (marginal.get().compareTo(max.get()) > 0) {
      marginalNode.get().problem("marginal " + marginal.get() + " is more than max " + max.get(),
          "marginal is the worsening that makes the gate inconclusive (a human decides), max the one that fails it:"
              + " write marginal at most " + max.get());
      return Optional.empty();
    }
    return Optional.of(new SloObjective(slo.metric(), limit, marginal.get().fraction(), max.get().fraction()));
  }

  // ---- the rest

  private static Optional<List<String>> readApprovers(YamlNodeReader node) {
    UniqueValues unique = new UniqueValues("approver", "name each approver once");
    return node.asListOf(item -> item
        .asMatching(APPROVER, "an approver's name", "write the name approvals are given under, e.g. alice or alice@example.com")
        .filter(a -> unique.add(a, item)));
  }

  // 0 (or "0") turns the check off; anything else is a duration.
  private static Optional<Duration> readMaxAge(YamlNodeReader node) {
    if (node.describe().equals(quoteOf("0"))) {
      return Optional.empty();
    }
    return node.asDuration();
  }

  private static String quoteOf(String text) {
    return "\"" + text + "\"";
  }
}
