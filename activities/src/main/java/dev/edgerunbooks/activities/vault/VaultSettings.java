package dev.edgerunbooks.activities.vault;

import dev.edgerunbooks.activities.tls.Pem;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where Vault is and how the workers use it.
 *
 * @param address e.g. {@code https://vault.example:8200}
 * @param token the Vault token; null when {@code tokenFile} is given
 * @param tokenFile a file holding the token (a Vault Agent sink), read again whenever it changes, so
 *     an agent's renewed token is used at once; null when {@code token} is given
 * @param namespace the Vault Enterprise namespace; null for none
 * @param kvMount the KV version 2 mount (default {@code secret})
 * @param pkiMount the PKI mount that issues node certificates (default {@code pki})
 * @param pkiRole the PKI role node certificates are issued under (default {@code edge-node})
 * @param prefix the path under the KV mount everything of ours lives in (default {@code edge-runbooks})
 * @param openTimeout connecting to Vault
 * @param readTimeout waiting for Vault's answer
 * @param caPem the CA certificates (PEM) Vault's TLS certificate is checked against; null for the
 *     JDK's trust store
 * @param cacheTtl how long a worker keeps the credentials and pins it read (default 10 s)
 */
public record VaultSettings(
    URI address,
    String token,
    Path tokenFile,
    String namespace,
    String kvMount,
    String pkiMount,
    String pkiRole,
    String prefix,
    Duration openTimeout,
    Duration readTimeout,
    String caPem,
    Duration cacheTtl) {

  public static final String DEFAULT_KV_MOUNT = "secret";
  public static final String DEFAULT_PKI_MOUNT = "pki";
  public static final String DEFAULT_PKI_ROLE = "edge-node";
  public static final String DEFAULT_PREFIX = "edge-runbooks";

  public VaultSettings {
    Objects.requireNonNull(address, "address");
    if ((token == null) == (tokenFile == null)) {
      throw new IllegalArgumentException("give Vault either a token or a token file, not " + (token == null ? "neither" : "both"));
    }
    kvMount = mount(kvMount, DEFAULT_KV_MOUNT);
    pkiMount = mount(pkiMount, DEFAULT_PKI_MOUNT);
    pkiRole = pkiRole == null || pkiRole.isBlank() ? DEFAULT_PKI_ROLE : pkiRole.strip();
    prefix = mount(prefix, DEFAULT_PREFIX);
    openTimeout = openTimeout == null ? Duration.ofSeconds(5) : openTimeout;
    readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;
    cacheTtl = cacheTtl == null ? Duration.ofSeconds(10) : cacheTtl;
    namespace = namespace == null || namespace.isBlank() ? null : namespace.strip();
  }

  /** Defaults for everything but where Vault is and the token. */
  public static VaultSettings of(URI address, String token) {
    return new VaultSettings(address, token, null, null, null, null, null, null, null, null, null, null);
  }

  /** Defaults for everything but where Vault is and the file its token is in. */
  public static VaultSettings withTokenFile(URI address, Path tokenFile) {
    return new VaultSettings(address, null, tokenFile, null, null, null, null, null, null, null, null, null);
  }

  public VaultSettings withNamespace(String ns) {
    return new VaultSettings(address, token, tokenFile, ns, kvMount, pkiMount, pkiRole, prefix, openTimeout, readTimeout, caPem, cacheTtl);
  }

  public VaultSettings withMounts(String kv, String pki, String role) {
    return new VaultSettings(address, token, tokenFile, namespace, kv, pki, role, prefix, openTimeout, readTimeout, caPem, cacheTtl);
  }

  public VaultSettings withPrefix(String p) {
    return new VaultSettings(address, token, tokenFile, namespace, kvMount, pkiMount, pkiRole, p, openTimeout, readTimeout, caPem, cacheTtl);
  }

  public VaultSettings withTimeouts(Duration open, Duration read) {
    return new VaultSettings(address, token, tokenFile, namespace, kvMount, pkiMount, pkiRole, prefix, open, read, caPem, cacheTtl);
  }

  public VaultSettings withCaPem(String pem) {
    return new VaultSettings(address, token, tokenFile, namespace, kvMount, pkiMount, pkiRole, prefix, openTimeout, readTimeout, pem, cacheTtl);
  }

  /** The CA certificates of Vault's TLS from a PEM file. */
  public VaultSettings withCaFile(Path pemFile) {
    return withCaPem(Pem.read(pemFile, "Vault's CA file"));
  }

  public VaultSettings withCacheTtl(Duration ttl) {
    return new VaultSettings(address, token, tokenFile, namespace, kvMount, pkiMount, pkiRole, prefix, openTimeout, readTimeout, caPem, ttl);
  }

  /** The token to send now: the given one, or the token file's content. */
  String currentToken() {
    if (token != null) {
      return token;
    }
    try {
      String read = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
      if (read.isEmpty()) {
        throw new IllegalStateException("Vault token file " + tokenFile.toAbsolutePath() + " is empty");
      }
      return read;
    } catch (IOException e) {
      // the exception names the file, never its content
      throw new IllegalStateException(
          "cannot read the Vault token file " + tokenFile.toAbsolutePath() + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static String mount(String value, String fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    String m = value.strip();
    while (m.startsWith("/")) {
      m = m.substring(1);
    }
    while (m.endsWith("/")) {
      m = m.substring(0, m.length() - 1);
    }
    return m.isEmpty() ? fallback : m;
  }

  @Override
  public String toString() {
    return "VaultSettings[" + address + (namespace == null ? "" : " namespace " + namespace) + ", token "
        + (token != null ? "****" : "from " + tokenFile) + ", kv " + kvMount + ", pki " + pkiMount + " role " + pkiRole
        + ", prefix " + prefix + "]";
  }
}
