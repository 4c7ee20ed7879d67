package dev.edgerunbooks.activities.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgerunbooks.activities.report.ReportSigner;
import dev.edgerunbooks.workflows.patch.BundleManifest;
import dev.edgerunbooks.workflows.patch.BundleVersion;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Verifies a published bundle against the pinned public key before anything of it is used: the
 * signature over the manifest's exact bytes, then the manifest itself ({@code version}, {@code
 * hostPackages}, {@code guestWorkloads}). Every refusal is a non-retryable {@code BundleRejected}
 * saying why; the bucket being down is the bucket's retryable failure.
 */
public final class BundleVerifier {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BundleStore store;
  private final String publicKeyPem;
  private final String fingerprint;

  /** @param pinnedPublicKeyPem the X.509 PEM public key bundles must be signed with */
  public BundleVerifier(BundleStore store, String pinnedPublicKeyPem) {
    this.store = store;
    this.publicKeyPem = pinnedPublicKeyPem;
    try {
      this.fingerprint = BundleSigning.fingerprint(pinnedPublicKeyPem);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the pinned bundle key is not a PEM public key: " + e.getMessage(), e);
    }
  }

  /** The pinned key's fingerprint (hex SHA-256 of its DER encoding). */
  public String fingerprint() {
    return fingerprint;
  }

  public BundleManifest verify(String version) {
    if (!BundleVersion.isValid(version)) {
      throw BundleStore.rejected("'" + version + "' is not a bundle version (" + BundleVersion.FORMAT + ")");
    }
    String manifestKey = BundleStore.manifestKey(version);
    byte[] manifest = store.manifest(version).orElseThrow(() -> BundleStore.rejected(
        "bundle " + version + " is not published: " + manifestKey + " missing in the bundle bucket"));
    byte[] signature = store.signature(version).orElseThrow(() -> BundleStore.rejected(
        "bundle " + version + " is unsigned: " + BundleStore.signatureKey(version) + " missing"));
    if (!BundleSigning.verify(manifest, signature, publicKeyPem)) {
      throw BundleStore.rejected(
          "bundle " + version + ": signature does not verify with the pinned key " + fingerprint + " ("
              + BundleStore.manifestKey(version) + " tampered with, or signed by another key)");
    }
    BundleManifest parsed = parse(version, manifestKey, manifest);
    if (!parsed.version().equals(version)) {
      throw BundleStore.rejected(
          "bundle " + version + ": " + manifestKey + " is the signed manifest of version " + parsed.version() + ", not " + version);
    }
    return parsed;
  }

  private static BundleManifest parse(String version, String key, byte[] bytes) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw BundleStore.rejected("bundle " + version + ": " + key + " is signed but not JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw BundleStore.rejected("bundle " + version + ": " + key + " is signed but not JSON (" + e.getMessage() + ")");
    }
    if (root == null || !root.isObject() || !root.path("version").isTextual()) {
      throw BundleStore.rejected("bundle " + version + ": " + key + " has no \"version\" string");
    }
    return new BundleManifest(
        root.get("version").asText(),
        strings(version, key, root, "hostPackages"),
        strings(version, key, root, "guestWorkloads"),
        ReportSigner.sha256Hex(bytes));
  }

  private static Map<String, String> strings(String version, String key, JsonNode root, String field) {
    JsonNode node = root.path(field);
    Map<String, String> out = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw BundleStore.rejected("bundle " + version + ": \"" + field + "\" of " + key + " is not an object of strings");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw BundleStore.rejected(
            "bundle " + version + ": \"" + field + "\"." + e.getKey() + " of " + key + " is not a string");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }
}
