package dev.edgerunbooks.activities.evidence;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgerunbooks.activities.proxmox.BackupSnapshot;
import dev.edgerunbooks.activities.proxmox.CephStatus;
import dev.edgerunbooks.activities.proxmox.CertificateInfo;
import dev.edgerunbooks.activities.proxmox.ClientSettings;
import dev.edgerunbooks.activities.proxmox.ClusterStatusEntry;
import dev.edgerunbooks.activities.proxmox.Guest;
import dev.edgerunbooks.activities.proxmox.NodeStatus;
import dev.edgerunbooks.activities.proxmox.PbsClient;
import dev.edgerunbooks.activities.proxmox.PveClient;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.PbsEndpoint;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.activities.store.StoreEndpoints;
import dev.edgerunbooks.workflows.evidence.EvidenceItem;
import dev.edgerunbooks.workflows.evidence.EvidenceSiteActivities;
import dev.edgerunbooks.workflows.evidence.StoreSnapshot;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Collects one store's configuration and state through its own PVE and PBS APIs, on the store's
 * worker. Every item is redacted ({@link EvidenceRedaction}) before it is canonicalized, so no secret
 * leaves the store.
 *
 * <p>Items, each stable from night to night while nothing changes (no uptimes, no usage counters,
 * no time of the collection itself):
 *
 * <pre>
 * node/&lt;node&gt;/version       pveversion, kversion                (GET /nodes/{node}/status)
 * node/&lt;node&gt;/certificate   the served certificate              (GET /nodes/{node}/certificates/info)
 * guest/&lt;vmid&gt;/config       the configuration, without digest and lock
 * guest/&lt;vmid&gt;/firewall     options and rules
 * firewall/cluster/options, firewall/cluster/rules
 * storage/&lt;id&gt;              the storage definition              (GET /storage)
 * ceph/health               status and the names of the health checks
 * backup/&lt;vmid&gt;             newest backup on the PBS and its verify state
 * bundle                    vmid -&gt; version, from each guest's bundle-&lt;version&gt; tag
 * </pre>
 *
 * What cannot be read (a node offline, a route the API lacks, PBS down) is a gap, {@code
 * "<item>: not readable: <why>"}; the collection fails only when nothing at all can be read.
 */
public final class EvidenceSiteActivitiesImpl implements EvidenceSiteActivities {
  static final String BUNDLE_TAG = "bundle-";

  private static final ObjectMapper TREES =
      EvidenceHashes.json().copy().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private final StoreClients store;
  private final Clock clock;

  public EvidenceSiteActivitiesImpl(StoreEndpoints endpoints, CredentialSource credentials, ClientSettings settings) {
    this(new StoreClients(endpoints, credentials, settings), Clock.systemUTC());
  }

  public EvidenceSiteActivitiesImpl(StoreClients store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public StoreSnapshot collect(String storeId) {
    store.requireStore(storeId);
    Collection c = new Collection();
    Instant collectedAt = clock.instant();
    PveClient pve = store.pve();

    for (String node : nodes(pve)) {
      c.read("node/" + node + "/version", () -> version(pve.nodeStatus(node)));
      c.read("node/" + node + "/certificate", () -> certificate(node, pve.certificates(node)));
      Activity.getExecutionContext().heartbeat(node); // an offline node costs a connect timeout per call
    }
    c.read("firewall/cluster/options", pve::clusterFirewallOptions);
    c.read("firewall/cluster/rules", () -> Map.of("rules", pve.clusterFirewallRules()));
    c.readEach("storage", () -> storages(pve));
    c.read("ceph/health", () -> health(pve.cephStatus()));

    Optional<List<Guest>> guests = c.attempt("guest/*", pve::clusterGuests);
    if (guests.isPresent()) {
      SortedMap<String, String> bundles = new TreeMap<>();
      for (Guest g : guests.get()) {
        String base = "guest/" + g.vmid();
        c.read(base + "/config", () -> {
          Map<String, String> config = new TreeMap<>(pve.guestConfig(g.node(), g.type(), g.vmid()).values());
          bundle(config.get("tags")).ifPresent(v -> bundles.put(Integer.toString(g.vmid()), v));
          // a lock (backup, migrate) is there only while a task runs: state of the moment, not configuration
          config.remove("lock");
          return config;
        });
        c.read(base + "/firewall", () -> {
          Map<String, Object> firewall = new LinkedHashMap<>();
          firewall.put("options", pve.guestFirewallOptions(g.node(), g.type(), g.vmid()));
          firewall.put("rules", pve.guestFirewallRules(g.node(), g.type(), g.vmid()));
          return firewall;
        });
        Activity.getExecutionContext().heartbeat(g.vmid());
      }
      c.read("bundle", () -> bundles);
      backups(c, guests.get());
    } else {
      c.gap("bundle", "the guests could not be listed");
      c.gap("backup/*", "the guests could not be listed");
    }
    return c.snapshot(storeId, collectedAt);
  }

  /** The nodes of the fleet definition and, when it answers, of the cluster. */
  private List<String> nodes(PveClient pve) {
    Set<String> nodes = new TreeSet<>();
    store.endpoints().nodes().forEach(n -> nodes.add(n.name()));
    try {
      pve.clusterStatus().stream()
          .filter(e -> "node".equals(e.type()) && e.name() != null)
          .map(ClusterStatusEntry::name)
          .forEach(nodes::add);
    } catch (ApplicationFailure e) {
      // the fleet definition's nodes are enough; whatever is unreachable shows as gaps below
    }
    return new ArrayList<>(nodes);
  }

  private static Map<String, String> version(NodeStatus status) {
    Map<String, String> version = new TreeMap<>();
    version.put("pveversion", status.pveversion());
    if (status.kversion() != null) {
      version.put("kversion", status.kversion());
    }
    return version;
  }

  private static CertificateInfo certificate(String node, List<CertificateInfo> certificates) {
    CertificateInfo served = CertificateInfo.served(certificates);
    if (served == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "node " + node + " lists neither pveproxy-ssl.pem nor pve-ssl.pem", "NoCertificate");
    }
    return served;
  }

  private static Map<String, Object> storages(PveClient pve) {
    List<Map<String, Object>> all = pve.get("/storage", Map.of(), new TypeReference<>() {});
    Map<String, Object> byId = new TreeMap<>();
    for (Map<String, Object> storage : all) {
      byId.put(String.valueOf(storage.get("storage")), storage);
    }
    return byId;
  }

  private static Map<String, Object> health(CephStatus status) {
    Map<String, Object> health = new TreeMap<>();
    CephStatus.Health h = status.health();
    health.put("status", h == null ? null : h.status());
    health.put("checks", h == null || h.checks() == null ? List.of() : new TreeSet<>(h.checks().keySet()));
    return health;
  }

  /** The version of a {@code bundle-<version>} tag among a guest's tags ({@code ;}, {@code ,} or space separated). */
  static Optional<String> bundle(String tags) {
    if (tags == null) {
      return Optional.empty();
    }
    Set<String> versions = new TreeSet<>();
    for (String tag : tags.split("[;,\\s]+")) {
      if (tag.startsWith(BUNDLE_TAG) && tag.length() > BUNDLE_TAG.length()) {
        versions.add(tag.substring(BUNDLE_TAG.length()));
      }
    }
    return versions.isEmpty() ? Optional.empty() : Optional.of(String.join(",", versions));
  }

  private void backups(Collection c, List<Guest> guests) {
    PbsEndpoint endpoint = store.endpoints().pbs();
    if (endpoint == null) {
      c.gap("backup/*", "store " + store.storeId() + " has no PBS in the fleet definition");
      return;
    }
    Optional<PbsClient> pbs = c.attempt("backup/*", store::pbs);
    if (pbs.isEmpty()) {
      return;
    }
    for (Guest g : guests) {
      c.read("backup/" + g.vmid(), () -> {
        Optional<BackupSnapshot> newest = pbs.get().newestSnapshot(endpoint.datastore(), g);
        Map<String, Object> backup = new TreeMap<>();
        backup.put("datastore", endpoint.datastore());
        backup.put("newest", newest.map(s -> s.time().toString()).orElse(null));
        backup.put("verify", newest.map(BackupSnapshot::verifyState).orElse("none"));
        return backup;
      });
      Activity.getExecutionContext().heartbeat(g.vmid());
    }
  }

  /** What one collection gathered so far: items by id, gaps, and the failures behind them. */
  private static final class Collection {
    private final SortedMap<String, String> items = new TreeMap<>();
    private final Set<String> gaps = new TreeSet<>();
    private final List<ApplicationFailure> failures = new ArrayList<>();

    void read(String id, Supplier<Object> value) {
      attempt(id, value).ifPresent(v -> put(id, v));
    }

    /** One item per entry of the map {@code value} answers: {@code <prefix>/<key>}. */
    void readEach(String prefix, Supplier<Map<String, Object>> value) {
      attempt(prefix + "/*", value).ifPresent(all -> all.forEach((key, v) -> put(prefix + "/" + key, v)));
    }

    <T> Optional<T> attempt(String id, Supplier<T> value) {
      try {
        return Optional.of(value.get());
      } catch (ApplicationFailure failure) {
        failures.add(failure);
        gap(id, failure.getOriginalMessage());
        return Optional.empty();
      }
    }

    void gap(String id, String why) {
      gaps.add(id + ": not readable: " + EvidenceRedaction.scrubCredentials(String.valueOf(why)));
    }

    private void put(String id, Object value) {
      JsonNode tree = withoutDigests(TREES.valueToTree(value));
      if (!tree.isObject()) {
        ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
        wrapped.set("value", tree);
        tree = wrapped;
      }
      items.put(id, EvidenceHashes.canonical(EvidenceRedaction.redact(tree)));
    }

    StoreSnapshot snapshot(String storeId, Instant collectedAt) {
      if (items.isEmpty()) {
        boolean permanent = !failures.isEmpty() && failures.stream().allMatch(ApplicationFailure::isNonRetryable);
        String message = "nothing of store " + storeId + " could be read: " + String.join("; ", gaps);
        String type = failures.isEmpty() ? "NothingCollected" : failures.get(0).getType();
        throw permanent
            ? ApplicationFailure.newNonRetryableFailure(message, type)
            : ApplicationFailure.newFailure(message, type);
      }
      List<EvidenceItem> list = new ArrayList<>();
      items.forEach((id, json) -> list.add(new EvidenceItem(id, json)));
      return new StoreSnapshot(storeId, collectedAt, list, new ArrayList<>(gaps));
    }
  }

  /** PVE's {@code digest} members (of a file's content, or a rule set) say nothing a value does not. */
  private static JsonNode withoutDigests(JsonNode tree) {
    if (tree.isObject()) {
      ObjectNode object = (ObjectNode) tree;
      object.remove("digest");
      object.forEach(EvidenceSiteActivitiesImpl::withoutDigests);
    } else if (tree instanceof ArrayNode array) {
      array.forEach(EvidenceSiteActivitiesImpl::withoutDigests);
    }
    return tree;
  }
}
