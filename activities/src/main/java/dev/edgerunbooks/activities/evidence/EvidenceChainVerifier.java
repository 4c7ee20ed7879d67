package dev.edgerunbooks.activities.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgerunbooks.activities.evidence.ChainVerification.Problem;
import dev.edgerunbooks.activities.report.AuditBucket;
import dev.edgerunbooks.activities.report.ReportSigner;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Verifies the audit evidence in the bucket, day by day, with nothing but the bucket and a trusted
 * public key. For every day's file in the range:
 *
 * <ol>
 *   <li>it holds the day its key names;
 *   <li>its signature is by the trusted key and verifies over the file without its signature;
 *   <li>its {@code previous} link names the latest earlier day's file, which exists and whose bytes
 *       have the SHA-256 recorded;
 *   <li>each store's items file is there, every item's data has the hash recorded for it, in the
 *       items file and in the signed day's file, and the store's root recomputes;
 *   <li>the fleet root recomputes from the stores' roots;
 *   <li>every runbook report the day vouches for is still there with the SHA-256 recorded.
 * </ol>
 *
 * Hash definitions: {@link EvidenceHashes}; layout and signature: {@link EvidenceFiles}.
 */
public final class EvidenceChainVerifier {
  private final AuditBucket bucket;

  public EvidenceChainVerifier(AuditBucket bucket) {
    this.bucket = bucket;
  }

  /**
   * @param from first day, {@code YYYY-MM-DD}; @param to last day, inclusive
   * @param trustedKey the public key every file must be signed with: its PEM, or its key id (hex
   *     SHA-256 of the DER public key, as {@link ReportSigner#keyId()} gives it)
   * @throws IllegalArgumentException for a malformed day or key
   */
  public ChainVerification verify(String from, String to, String trustedKey) {
    LocalDate first = LocalDate.parse(from);
    LocalDate last = LocalDate.parse(to);
    if (last.isBefore(first)) {
      throw new IllegalArgumentException("the range " + from + " to " + to + " ends before it begins");
    }
    Trusted trusted = Trusted.of(trustedKey);
    SortedMap<String, String> days = EvidenceFiles.dayFiles(bucket);
    List<Problem> problems = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    Set<String> linkedTo = new HashSet<>();
    for (var day : days.subMap(from, last.plusDays(1).toString()).entrySet()) {
      checked.add(day.getKey());
      checkDay(day.getKey(), day.getValue(), days, trusted, problems, linkedTo);
    }
    // a later file may link to a day before or after the range; only days in the range are reported
    List<String> withoutEvidence = new ArrayList<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      String date = d.toString();
      if (!days.containsKey(date) && !linkedTo.contains(date)) {
        withoutEvidence.add(date);
      }
    }
    problems.sort(Comparator.comparing(Problem::date)); // stable: each day's problems stay in order
    return new ChainVerification(from, to, trusted.keyId(), checked, withoutEvidence, problems);
  }

  private void checkDay(
      String date, String key, SortedMap<String, String> days, Trusted trusted, List<Problem> problems,
      Set<String> linkedTo) {
    Optional<byte[]> bytes = bucket.getBytes(key);
    if (bytes.isEmpty()) {
      problems.add(new Problem(date, key, null, null, "the day's file " + key + " vanished while it was checked"));
      return;
    }
    JsonNode file;
    try {
      file = EvidenceHashes.parse(bytes.get());
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(date, key, null, null, "the day's file " + key + " is not JSON (" + e.getMessage()
          + "): it was damaged or replaced"));
      return;
    }
    String recordedDate = file.path("date").asText(null);
    if (!date.equals(recordedDate)) {
      problems.add(new Problem(date, key, null, null, "the file " + key + " holds the evidence of " + recordedDate
          + ", not of " + date + ": days were swapped, or a file was copied over another"));
      return;
    }
    signature(date, key, file, trusted).ifPresent(problems::add);
    previous(date, key, file, days, problems, linkedTo);
    String fleetRoot = fleetRoot(date, key, file, problems);
    if (!fleetRoot.equals(file.path("fleetRoot").asText())) {
      problems.add(new Problem(date, key, null, null, "the fleet root does not recompute from the stores' roots"
          + " (recorded " + shortHash(file.path("fleetRoot").asText()) + ", computed " + shortHash(fleetRoot)
          + "): the day's file was changed after it was written"));
    }
    runs(date, file, problems);
  }

  private void runs(String date, JsonNode file, List<Problem> problems) {
    for (JsonNode run : file.path("runs")) {
      String report = run.path("reportKey").asText(null);
      String recorded = run.path("reportSha256").asText(null);
      if (report == null || recorded == null) {
        continue;
      }
      Optional<byte[]> bytes = bucket.getBytes(report);
      if (bytes.isEmpty()) {
        problems.add(new Problem(date, report, null, null, "the report " + report + " of run "
            + run.path("workflowId").asText() + " that this day vouches for is missing: it was deleted or moved"));
        continue;
      }
      String computed = EvidenceHashes.sha256Hex(bytes.get());
      if (!computed.equals(recorded)) {
        problems.add(new Problem(date, report, null, null, "the report " + report + " of run "
            + run.path("workflowId").asText() + " does not match the hash this day recorded (sha256 recorded "
            + shortHash(recorded) + ", computed " + shortHash(computed) + "): it was changed after " + date
            + " was written"));
      }
    }
  }

  private static Optional<Problem> signature(String date, String key, JsonNode file, Trusted trusted) {
    JsonNode signature = file.path(EvidenceFiles.SIGNATURE);
    String publicKey = signature.path("publicKey").asText(null);
    String value = signature.path("value").asText(null);
    if (publicKey == null || value == null) {
      return Optional.of(new Problem(date, key, null, null, "the file has no signature: it was not written by"
          + " the evidence run, or its signature was removed"));
    }
    String found;
    try {
      found = ReportSigner.keyIdOf(publicKey);
    } catch (IllegalArgumentException e) {
      return Optional.of(new Problem(date, key, null, null, "the file's signing key is not a public key PEM: the"
          + " signature was damaged"));
    }
    if (!found.equals(trusted.keyId())) {
      return Optional.of(new Problem(date, key, null, null, "the file is signed by key " + found + ", not by the"
          + " trusted key " + trusted.keyId() + ": it was re-signed or replaced"));
    }
    byte[] signed = EvidenceFiles.signedBytes(file);
    boolean verifies;
    try {
      verifies = ReportSigner.verify(trusted.pem() != null ? trusted.pem() : publicKey, signed, Base64.getDecoder().decode(value));
    } catch (IllegalArgumentException e) {
      verifies = false;
    }
    return verifies
        ? Optional.empty()
        : Optional.of(new Problem(date, key, null, null, "the signature by the trusted key does not verify: the"
            + " file was changed after it was signed"));
  }

  private void previous(
      String date, String key, JsonNode file, SortedMap<String, String> days, List<Problem> problems,
      Set<String> linkedTo) {
    SortedMap<String, String> earlier = days.headMap(date);
    String expected = earlier.isEmpty() ? null : earlier.get(earlier.lastKey());
    JsonNode previous = file.path("previous");
    if (!previous.isObject()) {
      if (expected != null) {
        problems.add(new Problem(date, key, null, null, "the file says it is the first day, but " + expected
            + " is earlier: the chain was restarted or the file replaced"));
      }
      return;
    }
    String previousKey = previous.path("key").asText(null);
    String previousDate = previous.path("date").asText(null);
    String recorded = previous.path("sha256").asText(null);
    if (previousDate != null) {
      linkedTo.add(previousDate);
    }
    Optional<byte[]> bytes = previousKey == null ? Optional.empty() : bucket.getBytes(previousKey);
    if (bytes.isEmpty()) {
      // the missing day is the broken place: name it, so the first problem is the day that is gone
      String missing = previousDate != null ? previousDate : date;
      problems.add(new Problem(missing, previousKey, null, null, "the day's file " + previousKey + " is missing,"
          + " but " + date + " links to it: it was deleted or moved"));
      return;
    }
    String computed = EvidenceHashes.sha256Hex(bytes.get());
    if (!computed.equals(recorded)) {
      problems.add(new Problem(date, key, null, null, "the previous day's file " + previousKey + " does not match"
          + " the hash this day recorded (sha256 recorded " + shortHash(recorded) + ", computed " + shortHash(computed)
          + "): it was changed or replaced after " + date + " was written"));
    }
    if (expected != null && !expected.equals(previousKey)) {
      problems.add(new Problem(date, key, null, null, "the file links to " + previousKey + ", but the latest earlier"
          + " day's file is " + expected + ": a day was added to the chain afterwards"));
    }
  }

  /** Checks every store's items against the day's file; returns the fleet root the stores give. */
  private String fleetRoot(String date, String key, JsonNode file, List<Problem> problems) {
    SortedMap<String, String> roots = new TreeMap<>();
    for (JsonNode store : file.path("stores")) {
      String storeId = store.path("store").asText();
      if (store.path("root").isNull() || store.path("root").isMissingNode()) {
        continue; // not collected: it has no root and no items
      }
      roots.put(storeId, store.path("root").asText());
      problems.addAll(checkStore(date, store, bucket));
    }
    return EvidenceHashes.fleetRoot(roots);
  }

  /** A store's entry of a day's file against its items file. */
  static List<Problem> checkStore(String date, JsonNode entry, AuditBucket bucket) {
    List<Problem> problems = new ArrayList<>();
    String store = entry.path("store").asText();
    String itemsKey = entry.hasNonNull("itemsKey") ? entry.path("itemsKey").asText() : EvidenceFiles.itemsKey(date, store);
    SortedMap<String, String> recorded = new TreeMap<>();
    entry.path("items").fields().forEachRemaining(e -> recorded.put(e.getKey(), e.getValue().asText()));
    String root = EvidenceHashes.storeRoot(recorded);
    if (!root.equals(entry.path("root").asText())) {
      problems.add(new Problem(date, itemsKey, store, null, "the root of " + store + " does not recompute from the"
          + " item hashes in the day's file (recorded " + shortHash(entry.path("root").asText()) + ", computed "
          + shortHash(root) + "): the day's file was changed after it was written"));
    }
    Optional<byte[]> bytes = bucket.getBytes(itemsKey);
    if (bytes.isEmpty()) {
      problems.add(new Problem(date, itemsKey, store, null, "the items of " + store + " (" + itemsKey + ") are"
          + " missing: they were deleted or moved"));
      return problems;
    }
    JsonNode items;
    try {
      items = EvidenceHashes.parse(bytes.get());
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(date, itemsKey, store, null, "the items of " + store + " (" + itemsKey + ") are not"
          + " JSON: they were damaged or replaced"));
      return problems;
    }
    Set<String> seen = new HashSet<>();
    for (JsonNode item : items.path("items")) {
      String id = item.path("id").asText();
      seen.add(id);
      String stored = item.path("sha256").asText();
      String computed = EvidenceHashes.itemHash(item.path("data"));
      String signed = recorded.get(id);
      if (!computed.equals(stored)) {
        problems.add(new Problem(date, itemsKey, store, id, "item " + id + " of " + store + " does not match its"
            + " hash (sha256 stored " + shortHash(stored) + ", computed " + shortHash(computed) + "): the item was"
            + " changed after it was recorded"));
      } else if (signed == null) {
        problems.add(new Problem(date, itemsKey, store, id, "item " + id + " of " + store + " is not in the day's"
            + " file: it was added after the day was signed"));
      } else if (!signed.equals(computed)) {
        problems.add(new Problem(date, itemsKey, store, id, "item " + id + " of " + store + " does not match the"
            + " hash in the signed day's file (sha256 signed " + shortHash(signed) + ", computed " + shortHash(computed)
            + "): the item and its hash were changed after the day was signed"));
      }
    }
    for (String id : recorded.keySet()) {
      if (!seen.contains(id)) {
        problems.add(new Problem(date, itemsKey, store, id, "item " + id + " of " + store + " is missing from "
            + itemsKey + ": it was removed after the day was signed"));
      }
    }
    return problems;
  }

  static String shortHash(String hex) {
    return hex == null ? "none" : hex.length() <= 12 ? hex : hex.substring(0, 12) + "…";
  }

  /** The trusted key: its id always, its PEM when given. */
  private record Trusted(String keyId, String pem) {
    static Trusted of(String key) {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("a trusted public key (PEM) or key id is needed to verify the evidence");
      }
      String k = key.strip();
      if (k.contains("-----BEGIN PUBLIC KEY-----")) {
        return new Trusted(ReportSigner.keyIdOf(k), k);
      }
      if (k.matches("[0-9a-fA-F]{64}")) {
        return new Trusted(k.toLowerCase(java.util.Locale.ROOT), null);
      }
      throw new IllegalArgumentException("'" + k + "' is neither a public key PEM nor a key id (64 hex digits)");
    }
  }
}
