package dev.edgerunbooks.activities.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.edgerunbooks.activities.report.ReportSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The audit evidence's canonical JSON and hashes. Pure functions; every hash is SHA-256, written as
 * lowercase hex. {@code JCS(x)} is the RFC 8785 canonical JSON of {@code x} (sorted keys, no
 * whitespace, ECMAScript numbers), as UTF-8 bytes.
 *
 * <pre>
 * item hash   = SHA-256( JCS(data) )                                     the item's "sha256"
 * item leaf   = SHA-256( 0x00 || JCS({"id": id, "sha256": item hash}) )
 * store root  = MTH( item leaves, items sorted by id )
 * store leaf  = SHA-256( 0x00 || JCS({"root": store root, "store": store id}) )
 * fleet root  = MTH( store leaves of the collected stores, sorted by store id )
 *
 * MTH (RFC 6962, 2.1):  MTH([])     = SHA-256()                          (the empty string)
 *                       MTH([leaf]) = leaf
 *                       MTH(D[n])   = SHA-256( 0x01 || MTH(D[0:k]) || MTH(D[k:n]) ),
 *                                     k the largest power of two smaller than n
 * </pre>
 *
 * Inner nodes hash the raw 32-byte digests, not their hex. The 0x00/0x01 prefixes keep a leaf from
 * ever passing for an inner node. A leaf names its item's id, so an item cannot be moved to another
 * id, and the day's file alone (its {@code id -> sha256} map per store) is enough to recompute every
 * store root; the items files then prove each item's data.
 */
public final class EvidenceHashes {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
  private static final byte LEAF = 0x00;
  private static final byte NODE = 0x01;

  private EvidenceHashes() {}

  /** A mapper for evidence trees: compact, instants as ISO-8601 text. */
  public static ObjectMapper json() {
    return JSON;
  }

  /** The RFC 8785 canonical JSON of {@code value} (a tree, a record, a map). */
  public static String canonical(Object value) {
    try {
      String plain = value instanceof JsonNode node ? JSON.writeValueAsString(node) : JSON.writeValueAsString(JSON.valueToTree(value));
      return new JsonCanonicalizer(plain).getEncodedString();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot canonicalize JSON: " + e.getMessage(), e);
    }
  }

  /** {@link #canonical} as UTF-8 bytes. */
  public static byte[] canonicalBytes(Object value) {
    return canonical(value).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses JSON text into a tree.
   *
   * @throws IllegalArgumentException naming the problem when it is not JSON
   */
  public static JsonNode parse(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  public static JsonNode parse(String json) {
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** An item's hash: hex SHA-256 of its data's canonical JSON. */
  public static String itemHash(JsonNode data) {
    return sha256Hex(canonicalBytes(data));
  }

  /** {@link #itemHash} of data that is canonical JSON already (an {@code EvidenceItem}'s json). */
  public static String itemHash(String canonicalJson) {
    return sha256Hex(canonicalJson.getBytes(StandardCharsets.UTF_8));
  }

  /** A store's Merkle leaf for one item. */
  public static byte[] itemLeaf(String id, String itemHash) {
    return leaf(object("id", id, "sha256", itemHash));
  }

  /** The fleet's Merkle leaf for one collected store. */
  public static byte[] storeLeaf(String storeId, String storeRoot) {
    return leaf(object("root", storeRoot, "store", storeId));
  }

  /** A store's root over {@code id -> item hash}; the ids are sorted here. */
  public static String storeRoot(Map<String, String> itemHashes) {
    List<byte[]> leaves = new ArrayList<>();
    new TreeMap<>(itemHashes).forEach((id, hash) -> leaves.add(itemLeaf(id, hash)));
    return HexFormat.of().formatHex(merkleRoot(leaves));
  }

  /** The fleet root over {@code store id -> store root} of the collected stores; sorted here. */
  public static String fleetRoot(Map<String, String> storeRoots) {
    List<byte[]> leaves = new ArrayList<>();
    new TreeMap<>(storeRoots).forEach((store, root) -> leaves.add(storeLeaf(store, root)));
    return HexFormat.of().formatHex(merkleRoot(leaves));
  }

  /** RFC 6962's Merkle tree hash over leaf hashes already computed, in their order. */
  public static byte[] merkleRoot(List<byte[]> leaves) {
    if (leaves.isEmpty()) {
      return sha256(new byte[0]);
    }
    return subtree(leaves, 0, leaves.size());
  }

  private static byte[] subtree(List<byte[]> leaves, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return leaves.get(from);
    }
    int k = Integer.highestOneBit(n - 1); // the largest power of two smaller than n
    MessageDigest digest = digest();
    digest.update(NODE);
    digest.update(subtree(leaves, from, from + k));
    digest.update(subtree(leaves, from + k, to));
    return digest.digest();
  }

  private static byte[] leaf(JsonNode leafObject) {
    MessageDigest digest = digest();
    digest.update(LEAF);
    digest.update(canonicalBytes(leafObject));
    return digest.digest();
  }

  private static ObjectNode object(String k1, String v1, String k2, String v2) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put(k1, v1);
    node.put(k2, v2);
    return node;
  }

  public static String sha256Hex(byte[] data) {
    return ReportSigner.sha256Hex(data);
  }

  private static byte[] sha256(byte[] data) {
    return digest().digest(data);
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }
}
