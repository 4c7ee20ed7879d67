package dev.edgerunbooks.activities.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgerunbooks.activities.report.AuditBucket;
import dev.edgerunbooks.activities.report.ReportSigner;
import dev.edgerunbooks.activities.report.ReportText;
import dev.edgerunbooks.workflows.evidence.EvidenceDay;
import dev.edgerunbooks.workflows.evidence.EvidenceDayInput;
import dev.edgerunbooks.workflows.evidence.EvidenceItem;
import dev.edgerunbooks.workflows.evidence.EvidencePlan;
import dev.edgerunbooks.workflows.evidence.EvidenceReportActivities;
import dev.edgerunbooks.workflows.evidence.RunSummary;
import dev.edgerunbooks.workflows.evidence.StoreRoot;
import dev.edgerunbooks.workflows.evidence.StoreSnapshot;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes the audit evidence (layout in {@link EvidenceFiles}, hashes in {@link EvidenceHashes}).
 *
 * <p>The day's file is append-only evidence: once written it is never replaced. A retried write
 * whose content (everything but the signature, which ECDSA makes differently each time) is the same
 * keeps the file there; other content is refused ({@value #EVIDENCE_EXISTS}). Where the bucket has
 * S3 Object Lock, the file is written in COMPLIANCE mode until {@code finishedAt} plus the retention
 * (400 days unless configured); where it has not (S3Proxy), the file says so in {@code retention}.
 */
public class EvidenceReportActivitiesImpl implements EvidenceReportActivities {
  /** A day's file, or an items file it vouches for, exists with other content (not retryable). */
  public static final String EVIDENCE_EXISTS = "EvidenceExists";
  /** The day the chain links to has no file (not retryable). */
  public static final String CHAIN_BROKEN = "EvidenceChainBroken";
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(400);

  private final AuditBucket bucket;
  private final ReportSigner signer;
  private final Duration retention;

  public EvidenceReportActivitiesImpl(AuditBucket bucket, ReportSigner signer) {
    this(bucket, signer, DEFAULT_RETENTION);
  }

  public EvidenceReportActivitiesImpl(AuditBucket bucket, ReportSigner signer, Duration retention) {
    this.bucket = bucket;
    this.signer = signer;
    this.retention = retention;
  }

  // ---------------------------------------------------------------- a store's items

  @Override
  public StoreRoot storeItems(String date, StoreSnapshot snapshot) {
    String key = EvidenceFiles.itemsKey(date, snapshot.storeId());
    JsonNodeFactory f = JsonNodeFactory.instance;
    ArrayNode items = f.arrayNode();
    Map<String, String> hashes = new TreeMap<>();
    snapshot.items().stream().sorted(Comparator.comparing(EvidenceItem::id)).forEach(item -> {
      JsonNode data = EvidenceHashes.parse(item.json());
      String sha256 = EvidenceHashes.itemHash(data);
      if (hashes.put(item.id(), sha256) != null) {
        throw ApplicationFailure.newNonRetryableFailure(
            "store " + snapshot.storeId() + " sent item " + item.id() + " twice", ReportText.REPORT_INVALID);
      }
      ObjectNode entry = items.addObject();
      entry.put("id", item.id());
      entry.put("sha256", sha256);
      entry.set("data", data);
    });
    String root = EvidenceHashes.storeRoot(hashes);
    ObjectNode file = f.objectNode();
    file.put("format", EvidenceFiles.ITEMS_FORMAT);
    file.put("store", snapshot.storeId());
    file.put("date", date);
    file.put("collectedAt", snapshot.collectedAt() == null ? null : snapshot.collectedAt().toString());
    ArrayNode gaps = file.putArray("gaps");
    snapshot.gaps().forEach(gaps::add);
    file.set("items", items);
    file.put("root", root);
    byte[] bytes = EvidenceHashes.canonicalBytes(file);

    Optional<byte[]> existing = bucket.getBytes(key);
    if (existing.isPresent() && !Arrays.equals(existing.get(), bytes)
        && bucket.getBytes(EvidenceFiles.dayKey(date)).isPresent()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the items of " + snapshot.storeId() + " for " + date + " (" + key + ") are already vouched for by the day's file "
              + EvidenceFiles.dayKey(date) + " with other content: evidence is append-only", EVIDENCE_EXISTS);
    }
    if (existing.isEmpty() || !Arrays.equals(existing.get(), bytes)) {
      // items not yet in a day's file are not evidence yet: a rerun of the day may replace them
      bucket.putBytes(key, bytes, AuditBucket.JSON);
    }
    return new StoreRoot(snapshot.storeId(), root, hashes.size(), key, snapshot.gaps().size(), null);
  }

  // ---------------------------------------------------------------- runs

  @Override
  public List<RunSummary> runsOn(String date) {
    return new EvidenceRuns(bucket).on(date);
  }

  // ---------------------------------------------------------------- the day's file

  @Override
  public EvidenceDay writeDay(EvidenceDayInput input) {
    EvidencePlan plan = input.plan();
    String date = EvidenceFiles.date(plan.date());
    String key = EvidenceFiles.dayKey(date);
    if (!key.equals(plan.key())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the plan puts the day " + date + " at " + plan.key() + ", but its place is " + key, CHAIN_BROKEN);
    }
    Previous previous = previous(plan);
    List<StoreEntry> stores = stores(date, input.stores());
    SortedMap<String, String> roots = new TreeMap<>();
    stores.stream().filter(s -> s.root() != null).forEach(s -> roots.put(s.store(), s.root()));
    String fleetRoot = EvidenceHashes.fleetRoot(roots);

    Instant retainUntil = input.finishedAt().plus(retention);
    Optional<String> noLock = bucket.objectLockUnavailable();
    String retentionText = noLock.map(EvidenceReportActivitiesImpl::noRetention)
        .orElse("object-lock COMPLIANCE until " + retainUntil);
    ObjectNode unsigned = dayFile(input, date, previous, stores, fleetRoot, retentionText);

    Optional<byte[]> existing = bucket.getBytes(key);
    byte[] bytes;
    if (existing.isPresent()) {
      bytes = keepSame(key, existing.get(), unsigned);
      retentionText = EvidenceHashes.parse(bytes).path("retention").asText();
    } else {
      bytes = EvidenceFiles.sign(unsigned, signer);
      if (noLock.isPresent()) {
        bucket.putBytes(key, bytes, AuditBucket.JSON);
      } else {
        Optional<String> refused = bucket.putBytesLocked(key, bytes, AuditBucket.JSON, retainUntil);
        if (refused.isPresent()) {
          retentionText = noRetention(refused.get());
          unsigned.put("retention", retentionText);
          bytes = EvidenceFiles.sign(unsigned, signer);
          bucket.putBytes(key, bytes, AuditBucket.JSON);
        }
      }
    }

    String driftKey = null;
    int changedStores = 0;
    if (previous != null) {
      Drift drift = drift(date, previous, stores);
      driftKey = drift.key();
      changedStores = drift.changedStores();
    }
    return new EvidenceDay(
        key, EvidenceHashes.sha256Hex(bytes), fleetRoot, plan.previousKey(), retentionText, driftKey, changedStores);
  }

  private static String noRetention(String why) {
    return "none: the bucket has no S3 Object Lock (" + why + ")";
  }

  /** The file there when its content is the same as {@code unsigned}; refused otherwise. */
  private static byte[] keepSame(String key, byte[] existing, ObjectNode unsigned) {
    byte[] mine = EvidenceHashes.canonicalBytes(unsigned);
    byte[] theirs;
    try {
      theirs = EvidenceFiles.signedBytes(EvidenceHashes.parse(existing));
    } catch (IllegalArgumentException e) {
      theirs = null;
    }
    if (theirs != null && Arrays.equals(mine, theirs)) {
      return existing;
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "the day's file " + key + " exists with other content: evidence is append-only, so it is never replaced;"
            + " record a later day instead", EVIDENCE_EXISTS);
  }

  private record Previous(String date, String key, String sha256) {}

  private Previous previous(EvidencePlan plan) {
    if (plan.previousKey() == null) {
      return null;
    }
    String previousDate = EvidenceFiles.dateOf(plan.previousKey())
        .filter(d -> d.compareTo(plan.date()) < 0)
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
            "the plan links " + plan.date() + " to " + plan.previousKey() + ", which is not an earlier day's file",
            CHAIN_BROKEN));
    byte[] bytes = bucket.getBytes(plan.previousKey())
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
            "the day " + plan.date() + " links to " + plan.previousKey() + ", which is not in the audit bucket:"
                + " the chain is broken there; run 'edgerun evidence verify' and restore the file", CHAIN_BROKEN));
    return new Previous(previousDate, plan.previousKey(), EvidenceHashes.sha256Hex(bytes));
  }

  /**
   * A store's part of the day. {@code items} is id → sha256 from the store's items file; empty for a
   * store not collected.
   */
  private record StoreEntry(
      String store, String root, String itemsKey, SortedMap<String, String> items, List<String> gaps,
      String failure, JsonNode itemsFile) {}

  private List<StoreEntry> stores(String date, List<StoreRoot> roots) {
    List<StoreEntry> stores = new ArrayList<>();
    for (StoreRoot r : roots.stream().sorted(Comparator.comparing(StoreRoot::storeId)).toList()) {
      if (!r.collected()) {
        stores.add(new StoreEntry(r.storeId(), null, null, new TreeMap<>(), List.of(), r.failure(), null));
        continue;
      }
      String itemsKey = r.itemsKey() != null ? r.itemsKey() : EvidenceFiles.itemsKey(date, r.storeId());
      JsonNode file = bucket.getBytes(itemsKey).map(EvidenceHashes::parse)
          .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
              "the items of " + r.storeId() + " for " + date + " are not at " + itemsKey
                  + ": the store's collection must be written again", CHAIN_BROKEN));
      SortedMap<String, String> items = new TreeMap<>();
      file.path("items").forEach(i -> items.put(i.path("id").asText(), i.path("sha256").asText()));
      String root = EvidenceHashes.storeRoot(items);
      if (!root.equals(r.root())) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the items at " + itemsKey + " give the root " + root + ", not the root " + r.root() + " the store's run"
                + " recorded: they were replaced since; collect the store again", CHAIN_BROKEN);
      }
      List<String> gaps = new ArrayList<>();
      file.path("gaps").forEach(g -> gaps.add(g.asText()));
      stores.add(new StoreEntry(r.storeId(), root, itemsKey, items, gaps, null, file));
    }
    return stores;
  }

  private static ObjectNode dayFile(
      EvidenceDayInput input, String date, Previous previous, List<StoreEntry> stores, String fleetRoot,
      String retention) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode file = f.objectNode();
    file.put("format", EvidenceFiles.FORMAT);
    file.put("date", date);
    ObjectNode fleet = file.putObject("fleet");
    long collected = stores.stream().filter(s -> s.root() != null).count();
    fleet.put("stores", stores.size());
    fleet.put("collected", collected);
    fleet.put("notCollected", stores.size() - collected);
    file.put("partial", !input.plan().wholeFleet());
    ObjectNode generatedBy = file.putObject("generatedBy");
    generatedBy.put("workflowId", input.workflowId());
    generatedBy.put("requestedBy", input.requestedBy());
    file.put("startedAt", String.valueOf(input.startedAt()));
    file.put("finishedAt", String.valueOf(input.finishedAt()));
    if (previous == null) {
      file.putNull("previous");
    } else {
      ObjectNode p = file.putObject("previous");
      p.put("date", previous.date());
      p.put("key", previous.key());
      p.put("sha256", previous.sha256());
    }
    file.put("hashes", "item sha256 = SHA-256(JCS(data)); leaf = SHA-256(0x00 || JCS({id, sha256}));"
        + " store root = RFC 6962 Merkle tree hash of the leaves sorted by id, node = SHA-256(0x01 || left || right),"
        + " empty = SHA-256(''); fleet root = the same over leaves SHA-256(0x00 || JCS({root, store})) of the"
        + " collected stores sorted by store id; JCS = RFC 8785");
    file.put("fleetRoot", fleetRoot);
    ArrayNode storeArray = file.putArray("stores");
    for (StoreEntry s : stores) {
      ObjectNode entry = storeArray.addObject();
      entry.put("store", s.store());
      entry.put("root", s.root());
      entry.put("itemsKey", s.itemsKey());
      ObjectNode items = entry.putObject("items");
      s.items().forEach(items::put);
      ArrayNode gaps = entry.putArray("gaps");
      s.gaps().forEach(gaps::add);
      entry.put("failure", s.failure());
    }
    file.set("runs", EvidenceHashes.json().valueToTree(input.runs()));
    file.put("retention", retention);
    return file;
  }

  // ---------------------------------------------------------------- drift

  private record Drift(String key, int changedStores) {}

  private Drift drift(String date, Previous previous, List<StoreEntry> stores) {
    List<EvidenceDrift.StoreDrift> drifts = new ArrayList<>();
    List<EvidenceDrift.NotCompared> notCompared = new ArrayList<>();
    for (StoreEntry s : stores) {
      if (s.itemsFile() == null) {
        notCompared.add(new EvidenceDrift.NotCompared(s.store(), "not collected on " + date + ": " + s.failure()));
        continue;
      }
      Optional<byte[]> before = bucket.getBytes(EvidenceFiles.itemsKey(previous.date(), s.store()));
      if (before.isEmpty()) {
        notCompared.add(new EvidenceDrift.NotCompared(s.store(), "no items on " + previous.date() + " to compare with"));
        continue;
      }
      EvidenceDrift.StoreDrift drift = EvidenceDrift.compare(
          s.store(), EvidenceDrift.items(EvidenceHashes.parse(before.get())), EvidenceDrift.items(s.itemsFile()));
      if (drift.changedAtAll()) {
        drifts.add(drift);
      }
    }
    ObjectNode report = JsonNodeFactory.instance.objectNode();
    report.put("format", EvidenceFiles.DRIFT_FORMAT);
    report.put("date", date);
    ObjectNode p = report.putObject("previous");
    p.put("date", previous.date());
    p.put("key", previous.key());
    report.put("changedStores", drifts.size());
    report.set("stores", EvidenceHashes.json().valueToTree(drifts));
    report.set("notCompared", EvidenceHashes.json().valueToTree(notCompared));
    String key = bucket.putBytes(EvidenceFiles.driftKey(date), EvidenceHashes.canonicalBytes(report), AuditBucket.JSON);
    bucket.putText(
        EvidenceFiles.driftMarkdownKey(date),
        EvidenceDrift.markdown(date, previous.date(), drifts, notCompared),
        AuditBucket.MARKDOWN);
    return new Drift(key, drifts.size());
  }
}
