package dev.edgerunbooks.activities.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgerunbooks.activities.report.AuditBucket;
import dev.edgerunbooks.activities.report.ReportSigner;
import dev.edgerunbooks.activities.report.ReportText;
import io.temporal.failure.ApplicationFailure;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the audit evidence lives in the bucket, and how a day's file is signed:
 *
 * <pre>
 * audit/edge/&lt;date&gt;.json                  the day's file: signed, hash-chained to the day before
 * audit/edge/items/&lt;date&gt;/&lt;store&gt;.json    one store's items of that day, with their hashes and root
 * audit/edge/drift/&lt;date&gt;.json, .md         what changed against the day before
 * </pre>
 *
 * Every file is written as RFC 8785 canonical JSON. A day's file carries its signature as the member
 * {@code signature}: {@code {algorithm, curve, keyId, publicKey, value}}, where {@code value} is the
 * base64 DER ECDSA P-256 / SHA-256 signature ({@link ReportSigner}) over the UTF-8 canonical JSON of
 * the file without its {@code signature} member.
 */
public final class EvidenceFiles {
  public static final String FORMAT = "edge-runbooks/evidence/v1";
  public static final String ITEMS_FORMAT = "edge-runbooks/evidence-items/v1";
  public static final String DRIFT_FORMAT = "edge-runbooks/evidence-drift/v1";
  public static final String PREFIX = "audit/edge/";
  public static final String SIGNATURE = "signature";

  private static final Pattern DAY_KEY = Pattern.compile(Pattern.quote(PREFIX) + "(\\d{4}-\\d{2}-\\d{2})\\.json");

  private EvidenceFiles() {}

  public static String dayKey(String date) {
    return PREFIX + date(date) + ".json";
  }

  public static String itemsKey(String date, String storeId) {
    return PREFIX + "items/" + date(date) + "/" + ReportText.segment("store", storeId) + ".json";
  }

  public static String driftKey(String date) {
    return PREFIX + "drift/" + date(date) + ".json";
  }

  public static String driftMarkdownKey(String date) {
    return PREFIX + "drift/" + date(date) + ".md";
  }

  /** The day a day's file key names, {@code audit/edge/2026-11-24.json} → {@code 2026-11-24}. */
  public static Optional<String> dateOf(String dayKey) {
    Matcher m = dayKey == null ? null : DAY_KEY.matcher(dayKey);
    return m != null && m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Every day's file in the bucket: date → key, oldest first. */
  public static SortedMap<String, String> dayFiles(AuditBucket bucket) {
    SortedMap<String, String> days = new TreeMap<>();
    for (String key : bucket.listChildren(PREFIX)) {
      dateOf(key).ifPresent(date -> days.put(date, key));
    }
    return days;
  }

  /**
   * {@code date} when it is a day, {@code YYYY-MM-DD}.
   *
   * @throws ApplicationFailure non-retryable {@link ReportText#REPORT_INVALID} otherwise
   */
  public static String date(String date) {
    try {
      if (date != null && LocalDate.parse(date).toString().equals(date)) {
        return date;
      }
    } catch (DateTimeParseException e) {
      // named below
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "'" + date + "' is not a day such as 2026-11-24", ReportText.REPORT_INVALID);
  }

  /** The canonical bytes that a day's file's signature covers: the file without {@code signature}. */
  public static byte[] signedBytes(JsonNode dayFile) {
    ObjectNode unsigned = dayFile.deepCopy();
    unsigned.remove(SIGNATURE);
    return EvidenceHashes.canonicalBytes(unsigned);
  }

  /** {@code unsigned} with its signature member added, as the canonical bytes to store. */
  public static byte[] sign(ObjectNode unsigned, ReportSigner signer) {
    byte[] signed = EvidenceHashes.canonicalBytes(unsigned);
    ObjectNode file = unsigned.deepCopy();
    ObjectNode signature = file.putObject(SIGNATURE);
    signature.put("algorithm", ReportSigner.ALGORITHM);
    signature.put("curve", ReportSigner.CURVE);
    signature.put("keyId", signer.keyId());
    signature.put("publicKey", signer.publicKeyPem());
    signature.put("value", Base64.getEncoder().encodeToString(signer.sign(signed)));
    return EvidenceHashes.canonicalBytes(file);
  }
}
