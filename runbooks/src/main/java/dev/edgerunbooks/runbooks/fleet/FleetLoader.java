package dev.edgerunbooks.runbooks.fleet;

import dev.edgerunbooks.runbooks.RunbookValidationException;
import dev.edgerunbooks.runbooks.Suggestions;
import dev.edgerunbooks.runbooks.yaml.UniqueValues;
import dev.edgerunbooks.runbooks.yaml.YamlDocument;
import dev.edgerunbooks.runbooks.yaml.YamlMapping;
import dev.edgerunbooks.runbooks.yaml.YamlNodeReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates {@code fleet.yaml}. Every problem in the file is collected before anything is
 * thrown, so an operator fixes a broken file in one round; see {@link YamlDocument} for why the file is
 * read through SnakeYAML's node tree.
 */
public final class FleetLoader {
  static final Pattern STORE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
  static final Pattern REGION_ID = STORE_ID;
  static final Pattern FLEET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  static final Pattern WAVE = Pattern.compile("[a-z0-9-]{1,63}");
  // PVE node names are host names.
  static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  static final Pattern FINGERPRINT = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){31}");
  static final Pattern DATASTORE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
  /** A PVE storage id, as in {@code /storage}. */
  public static final Pattern PVE_STORAGE = Pattern.compile("[a-z][a-z0-9_.-]*[a-z0-9]");
  public static final String PVE_STORAGE_FIX =
      "use lowercase letters, digits, '-', '_' or '.', starting with a letter, as in /storage";
  static final Pattern SYNC_JOB = DATASTORE;
  static final Pattern GUEST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,62}");
  /** What a guest does, one word; probes and boot orders are keyed by it. */
  public static final Pattern ROLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
  public static final String ROLE_FIX = "use one word: letters, digits, '-' or '_'";
  /** PVE's VMID bounds ({@code pve-vmid}). */
  public static final int MIN_VMID = 100;
  public static final int MAX_VMID = 999_999_999;

  static final List<String> TOP_KEYS = List.of("fleet", "defaults", "regions", "stores");
  static final List<String> DEFAULTS_KEYS =
      List.of("rpo", "siteResponseTimeout", "offsiteMaxAge", "pveTokenId", "pbsTokenId");
  static final List<String> REGION_KEYS = List.of("id", "timeZone", "staging");
  static final List<String> STAGING_KEYS = List.of("nodes");
  static final List<String> STORE_KEYS = List.of("id", "region", "timeZone", "pilot", "wave", "nodes", "pbs", "guests");
  static final List<String> NODE_KEYS = List.of("name", "endpoint", "fingerprint");
  static final List<String> PBS_KEYS = List.of("endpoint", "fingerprint", "datastore", "pveStorage", "offsiteSyncJob");
  static final List<String> GUEST_KEYS = List.of("vmid", "name", "type", "role", "rpo");

  static final String FINGERPRINT_FIX =
      "use 32 colon-separated hex bytes, as shown by GET /nodes/{node}/certificates/info";
  static final String ID_FIX = "use 2 to 63 lowercase letters, digits and dashes, starting with a letter or digit";

  private FleetLoader() {}

  /** @throws RunbookValidationException listing every problem of the file */
  public static FleetDefinition load(Path file) {
    return read(YamlDocument.load(file));
  }

  /** @throws RunbookValidationException listing every problem, each prefixed with {@code sourceName} */
  public static FleetDefinition parse(String yaml, String sourceName) {
    return read(YamlDocument.parse(yaml, sourceName));
  }

  static FleetDefinition read(YamlDocument document) {
    return document.read(TOP_KEYS, FleetLoader::readFleet);
  }

  private static Optional<FleetDefinition> readFleet(YamlMapping top) {
    YamlDocument document = top.self().document();
    Optional<String> name = top.required("fleet", "name the fleet, e.g. fleet: edge-prod")
        .flatMap(n -> n.asMatching(FLEET_NAME, "a fleet name", "use letters, digits, '.', '-' or '_'"));
    FleetDefaults defaults = top.optional("defaults")
        .flatMap(n -> n.asMapping(DEFAULTS_KEYS))
        .map(FleetLoader::readDefaults)
        .orElse(FleetDefaults.STANDARD);

    Map<String, RegionDefinition> regions = new LinkedHashMap<>();
    // Ids of every declared region, valid or not, so a broken region is not reported again by each store.
    Set<String> declaredRegions = new LinkedHashSet<>();
    top.required("regions", "declare the regions, each with an id and a timeZone")
        .flatMap(YamlNodeReader::asList)
        .ifPresent(items -> readRegions(items, regions, declaredRegions));

    List<StoreDefinition> stores = new ArrayList<>();
    top.required("stores", "list the stores, each with id, region, nodes and pbs")
        .flatMap(YamlNodeReader::asList)
        .ifPresent(items -> {
          UniqueValues storeIds = new UniqueValues("store id", "give each store a unique id");
          for (YamlNodeReader item : items) {
            readStore(item, defaults, regions, declaredRegions, storeIds).ifPresent(stores::add);
          }
        });
    if (document.hasProblems()) {
      return Optional.empty();
    }
    return Optional.of(new FleetDefinition(name.orElseThrow(), defaults, List.copyOf(regions.values()), stores));
  }

  private static FleetDefaults readDefaults(YamlMapping m) {
    FleetDefaults standard = FleetDefaults.STANDARD;
    return new FleetDefaults(
        m.optional("rpo").flatMap(YamlNodeReader::asDuration).orElse(standard.rpo()),
        m.optional("siteResponseTimeout").flatMap(YamlNodeReader::asDuration).orElse(standard.siteResponseTimeout()),
        m.optional("offsiteMaxAge").flatMap(YamlNodeReader::asDuration).orElse(standard.offsiteMaxAge()),
        m.optional("pveTokenId").flatMap(n -> n.as(ApiTokenId::parse, ApiTokenId.FIX)).orElse(standard.pveTokenId()),
        m.optional("pbsTokenId").flatMap(n -> n.as(ApiTokenId::parse, ApiTokenId.FIX)).orElse(standard.pbsTokenId()));
  }

  private static void readRegions(
      List<YamlNodeReader> items, Map<String, RegionDefinition> regions, Set<String> declaredRegions) {
    UniqueValues regionIds = new UniqueValues("region id", "give each region a unique id");
    for (YamlNodeReader item : items) {
      Optional<YamlMapping> mapping = item.asMapping(REGION_KEYS);
      if (mapping.isEmpty()) {
        continue;
      }
      YamlMapping m = mapping.get();
      int before = item.document().problemCount();
      Optional<YamlNodeReader> idNode = m.required("id", "give the region an id, e.g. id: eu-central");
      Optional<String> id = idNode.flatMap(n -> n.asMatching(REGION_ID, "a valid region id", ID_FIX));
      id.ifPresent(value -> regionIds.add(value, idNode.get()));
      id.ifPresent(declaredRegions::add);
      Optional<ZoneId> zone = m.required("timeZone", "write the region's IANA time zone, e.g. timeZone: Europe/Berlin")
          .flatMap(YamlNodeReader::asZoneId);
      Optional<ClusterDefinition> staging = m.optional("staging")
          .flatMap(n -> n.asMapping(STAGING_KEYS))
          .flatMap(s -> s.required("nodes", "list the staging cluster's nodes with name, endpoint and fingerprint"))
          .flatMap(FleetLoader::readCluster);
      if (item.document().problemCount() == before) {
        regions.putIfAbsent(id.orElseThrow(), new RegionDefinition(id.get(), zone.orElseThrow(), staging));
      }
    }
  }

  private static Optional<StoreDefinition> readStore(
      YamlNodeReader item, FleetDefaults defaults, Map<String, RegionDefinition> regions,
      Set<String> declaredRegions, UniqueValues storeIds) {
    YamlDocument document = item.document();
    int before = document.problemCount();
    Optional<YamlMapping> mapping = item.asMapping(STORE_KEYS);
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    YamlMapping m = mapping.get();
    Optional<YamlNodeReader> idNode = m.required("id", "give the store an id, e.g. id: store-0001");
    Optional<String> id = idNode.flatMap(n -> n.asMatching(STORE_ID, "a valid store id", ID_FIX));
    id.ifPresent(value -> storeIds.add(value, idNode.get()));

    Optional<RegionDefinition> region = m.required("region", "name the store's region, one of: " + regionList(declaredRegions))
        .flatMap(n -> n.asString().flatMap(value -> {
          if (!declaredRegions.contains(value)) {
            n.problem("unknown region \"" + value + "\"",
                Suggestions.didYouMean(value, declaredRegions) + "declare it under regions: or use one of: "
                    + regionList(declaredRegions));
          }
          // Empty for a declared but broken region: its own problem is reported where it is declared.
          return Optional.ofNullable(regions.get(value));
        }));
    Optional<ZoneId> zone = m.optional("timeZone").isPresent()
        ? m.optional("timeZone").flatMap(YamlNodeReader::asZoneId)
        : region.map(RegionDefinition::timeZone);
    boolean pilot = m.optional("pilot").flatMap(YamlNodeReader::asBoolean).orElse(false);
    Optional<String> wave = m.optional("wave")
        .flatMap(n -> n.asMatching(WAVE, "a wave name", "use lowercase letters, digits and dashes, e.g. canary"));
    Optional<ClusterDefinition> cluster = m.required("nodes", "list the store's nodes with name, endpoint and fingerprint")
        .flatMap(FleetLoader::readCluster);
    Optional<PbsDefinition> pbs = m.required("pbs", "describe the store's backup server: endpoint, fingerprint, datastore, pveStorage")
        .flatMap(n -> n.asMapping(PBS_KEYS))
        .flatMap(FleetLoader::readPbs);
    List<GuestDefinition> guests = m.optional("guests")
        .flatMap(YamlNodeReader::asList)
        .map(items -> readGuests(items, defaults.rpo()))
        .orElse(List.of());

    if (document.problemCount() != before || region.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new StoreDefinition(
        id.orElseThrow(), region.orElseThrow().id(), zone.orElseThrow(), pilot, wave,
        cluster.orElseThrow(), pbs.orElseThrow(), guests));
  }

  private static Optional<ClusterDefinition> readCluster(YamlNodeReader nodesNode) {
    Optional<List<YamlNodeReader>> items =
        nodesNode.asNonEmptyList("a cluster needs at least one node", "list the nodes with name, endpoint and fingerprint");
    if (items.isEmpty()) {
      return Optional.empty();
    }
    int before = nodesNode.document().problemCount();
    UniqueValues names = new UniqueValues("node name", "give each node of a cluster a unique name");
    List<NodeDefinition> nodes = new ArrayList<>();
    for (YamlNodeReader item : items.get()) {
      item.asMapping(NODE_KEYS).ifPresent(m -> {
        Optional<YamlNodeReader> nameNode = m.required("name", "name the node as PVE does, e.g. name: pve1");
        Optional<String> name = nameNode.flatMap(n -> n.asMatching(NODE_NAME, "a node name",
            "use the PVE node's host name: letters, digits and dashes"));
        name.ifPresent(value -> names.add(value, nameNode.get()));
        Optional<URI> endpoint = m.required("endpoint", "add endpoint: https://<host>:8006")
            .flatMap(n -> n.asHttpsEndpoint("https://10.0.0.11:8006"));
        Optional<String> fingerprint = m.required("fingerprint", "add the node's certificate fingerprint; " + FINGERPRINT_FIX)
            .flatMap(FleetLoader::readFingerprint);
        if (name.isPresent() && endpoint.isPresent() && fingerprint.isPresent()) {
          nodes.add(new NodeDefinition(name.get(), endpoint.get(), fingerprint.get()));
        }
      });
    }
    return nodesNode.document().problemCount() == before
        ? Optional.of(new ClusterDefinition(nodes))
        : Optional.empty();
  }

  private static Optional<PbsDefinition> readPbs(YamlMapping m) {
    int before = m.self().document().problemCount();
    Optional<URI> endpoint = m.required("endpoint", "add endpoint: https://<host>:8007")
        .flatMap(n -> n.asHttpsEndpoint("https://10.0.0.20:8007"));
    Optional<String> fingerprint = m.required("fingerprint", "add the PBS certificate fingerprint; " + FINGERPRINT_FIX)
        .flatMap(FleetLoader::readFingerprint);
    Optional<String> datastore = m.required("datastore", "name the PBS datastore, e.g. datastore: store")
        .flatMap(n -> n.asMatching(DATASTORE, "a PBS datastore name", "use letters, digits, '.', '-' or '_'"));
    Optional<String> pveStorage = m.required("pveStorage", "name the PVE storage id of the datastore, e.g. pveStorage: pbs-store")
        .flatMap(n -> n.asMatching(PVE_STORAGE, "a PVE storage id", PVE_STORAGE_FIX));
    Optional<String> syncJob = m.optional("offsiteSyncJob")
        .flatMap(n -> n.asMatching(SYNC_JOB, "a PBS sync job id", "use the job id shown by GET /admin/sync"));
    if (m.self().document().problemCount() != before) {
      return Optional.empty();
    }
    return Optional.of(new PbsDefinition(endpoint.orElseThrow(), fingerprint.orElseThrow(), datastore.orElseThrow(),
        pveStorage.orElseThrow(), syncJob));
  }

  private static List<GuestDefinition> readGuests(List<YamlNodeReader> items, Duration defaultRpo) {
    UniqueValues vmids = new UniqueValues("vmid", "give each guest of a store a unique vmid");
    List<GuestDefinition> guests = new ArrayList<>(items.size());
    for (YamlNodeReader item : items) {
      item.asMapping(GUEST_KEYS).ifPresent(m -> {
        Optional<YamlNodeReader> vmidNode = m.required("vmid", "add the guest's PVE id, e.g. vmid: 100");
        Optional<Integer> vmid = vmidNode.flatMap(n -> n.asInt(MIN_VMID, MAX_VMID));
        vmid.ifPresent(value -> vmids.add(String.valueOf(value), vmidNode.get()));
        Optional<String> name = m.required("name", "name the guest as PVE does, e.g. name: dns")
            .flatMap(n -> n.asMatching(GUEST_NAME, "a guest name", "use a DNS name: letters, digits, '-' and '.'"));
        Optional<GuestType> type = m.required("type", "write type: qemu or type: lxc")
            .flatMap(n -> n.asEnum(GuestType.class));
        Optional<String> role = m.required("role", "say what the guest does in one word, e.g. role: pos")
            .flatMap(n -> n.asMatching(ROLE, "a role word", ROLE_FIX));
        Duration rpo = m.optional("rpo").flatMap(YamlNodeReader::asDuration).orElse(defaultRpo);
        if (vmid.isPresent() && name.isPresent() && type.isPresent() && role.isPresent()) {
          guests.add(new GuestDefinition(vmid.get(), name.get(), type.get(), role.get(), rpo));
        }
      });
    }
    return guests;
  }

  private static Optional<String> readFingerprint(YamlNodeReader node) {
    // Upper case, as PVE prints it, so pins compare as plain strings.
    return node.asMatching(FINGERPRINT, "a SHA-256 fingerprint", FINGERPRINT_FIX).map(f -> f.toUpperCase(Locale.ROOT));
  }

  private static String regionList(Set<String> regions) {
    return regions.isEmpty() ? "(no regions declared)" : Suggestions.list(regions, 10);
  }
}
