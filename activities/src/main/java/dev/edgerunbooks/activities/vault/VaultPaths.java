package dev.edgerunbooks.activities.vault;

import dev.edgerunbooks.workflows.tokenrotation.ApiAccount;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where each entry lives under the prefix, and the names of its fields: the layout of the {@linkplain
 * dev.edgerunbooks.activities.vault package description}. Paths are relative to the KV mount.
 */
public final class VaultPaths {
  /** {@code tokens/<account>} and {@code tokens/<account>-pending}: the full token id, {@code user@realm!name}. */
  public static final String TOKEN_ID = "tokenid";
  /** {@code tokens/<account>} and {@code tokens/<account>-pending}: the token's secret. */
  public static final String SECRET = "secret";
  /** {@code nodes/<node>/pins}: the fingerprint the node serves. */
  public static final String CURRENT = "current";
  /** {@code nodes/<node>/pins}: the fingerprint of the certificate being deployed, trusted beside the current one. */
  public static final String NEXT = "next";
  /** {@code nodes/<node>/certificate[-pending]}: the PEM chain, leaf first. */
  public static final String CERTIFICATE = "certificate";
  /** {@code nodes/<node>/certificate[-pending]} and {@code acme/account}: the PEM private key (key pair for ACME). */
  public static final String KEY = "key";
  /** {@code nodes/<node>/certificate[-pending]}: SHA-256 of the leaf, {@code AA:BB:…}. */
  public static final String FINGERPRINT = "fingerprint";
  /** {@code nodes/<node>/certificate[-pending]}: who signed it, {@code VAULT_PKI} or {@code ACME}. */
  public static final String ISSUER = "issuer";
  /** {@code acme/account}: the account's URL at the CA. */
  public static final String LOCATION = "location";

  // a store id or node name becomes a path segment: nothing that could walk elsewhere
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final String prefix;

  public VaultPaths(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  public String token(String storeId, ApiAccount account) {
    return store(storeId) + "/tokens/" + name(account);
  }

  public String pendingToken(String storeId, ApiAccount account) {
    return token(storeId, account) + "-pending";
  }

  public String pins(String storeId, String node) {
    return node(storeId, node) + "/pins";
  }

  public String certificate(String storeId, String node) {
    return node(storeId, node) + "/certificate";
  }

  public String pendingCertificate(String storeId, String node) {
    return certificate(storeId, node) + "-pending";
  }

  public String acmeAccount() {
    return prefix + "/acme/account";
  }

  /** {@code pve} or {@code pbs}, as the token paths name an account. */
  public static String name(ApiAccount account) {
    return account.name().toLowerCase(Locale.ROOT);
  }

  private String store(String storeId) {
    return prefix + "/stores/" + segment("store id", storeId);
  }

  private String node(String storeId, String node) {
    return store(storeId) + "/nodes/" + segment("node", node);
  }

  private static String segment(String what, String value) {
    if (value == null || !SEGMENT.matcher(value).matches()) {
      throw new IllegalArgumentException("a " + what + " cannot name a Vault path: '" + value + "'");
    }
    return value;
  }

  @Override
  public String toString() {
    return "VaultPaths[" + prefix + "]";
  }
}
