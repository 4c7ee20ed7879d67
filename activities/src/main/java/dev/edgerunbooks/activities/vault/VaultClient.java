package dev.edgerunbooks.activities.vault;

import dev.edgerunbooks.activities.tls.Pem;
import dev.edgerunbooks.workflows.common.FailureTypes;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.WriteOptions;
import io.github.jopenlibs.vault.api.pki.Credential;
import io.github.jopenlibs.vault.api.pki.CredentialFormat;
import io.github.jopenlibs.vault.api.pki.PrivateKeyFormat;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.response.PkiResponse;
import io.temporal.failure.ApplicationFailure;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Vault Java driver, configured once per worker from {@link VaultSettings}: KV version 2 for the
 * entries of {@link VaultPaths}, and the PKI engine for node certificates. One pooled HTTP client
 * (HTTP/1.1, the settings' CA) serves every call. Every failure becomes an {@link ApplicationFailure}
 * of type {@link FailureTypes#VAULT_UNAVAILABLE} (retryable: unreachable, timed out, sealed, a 5xx)
 * or {@link FailureTypes#VAULT_DENIED} (not retryable: the token is refused, or the request); the
 * message names what was done, the path and Vault's address, and Vault's own error text, never a
 * value.
 */
public final class VaultClient implements VaultKv {
  private final VaultSettings settings;
  private final VaultConfig config;
  private final Vault vault;
  private final VaultPaths paths;
  private String token;

  private VaultClient(VaultSettings settings, VaultConfig config) {
    this.settings = settings;
    this.config = config;
    this.vault = Vault.create(config, 2);
    this.paths = new VaultPaths(settings.prefix());
  }

  /** Configures the driver; contacts Vault only when a call is made. */
  public static VaultClient open(VaultSettings settings) {
    HttpClient.Builder http =
        HttpClient.newBuilder()
            // as the driver does: Vault Agent cannot proxy h2c
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.openTimeout())
            // a standby answers with a redirect to the active node
            .followRedirects(HttpClient.Redirect.NORMAL);
    if (settings.caPem() != null) {
      http.sslContext(Pem.trusting(settings.caPem(), "Vault's CA (" + settings.address() + ")"));
    }
    try {
      VaultConfig config =
          new VaultConfig()
              .address(settings.address().toString())
              .token(settings.currentToken())
              .engineVersion(2)
              .openTimeout(seconds(settings.openTimeout()))
              .readTimeout(seconds(settings.readTimeout()))
              .prefixPath(settings.kvMount())
              .httpClient(http.build());
      if (settings.namespace() != null) {
        config.nameSpace(settings.namespace());
      }
      return new VaultClient(settings, config.build());
    } catch (VaultException e) {
      throw new IllegalStateException("cannot configure the Vault driver for " + settings.address() + ": " + e.getMessage(), e);
    }
  }

  public VaultSettings settings() {
    return settings;
  }

  @Override
  public VaultPaths paths() {
    return paths;
  }

  // ---------------------------------------------------------------- KV v2

  @Override
  public Optional<Map<String, String>> read(String path) {
    LogicalResponse response = call("reading", path, v -> v.logical().read(kv(path)));
    int status = response.getRestResponse().getStatus();
    if (status == 404) {
      return Optional.empty();
    }
    requireOk(response, "reading", path);
    Map<String, String> data = response.getData();
    return data == null || data.isEmpty() ? Optional.empty() : Optional.of(Map.copyOf(data));
  }

  @Override
  public void write(String path, Map<String, String> data) {
    requireOk(call("writing", path, v -> v.logical().write(kv(path), values(data))), "writing", path);
  }

  @Override
  public boolean create(String path, Map<String, String> data) {
    LogicalResponse response =
        call("creating", path, v -> v.logical().write(kv(path), values(data), null, new WriteOptions().checkAndSet(0L).build()));
    // KV v2 refuses a check-and-set that does not match the entry's version with a 400
    if (response.getRestResponse().getStatus() == 400 && errors(response.getRestResponse().getBody()).contains("check-and-set")) {
      return false;
    }
    requireOk(response, "creating", path);
    return true;
  }

  @Override
  public void delete(String path) {
    try {
      callRaw(v -> v.logical().delete(kv(path)));
    } catch (VaultException e) {
      // an entry that was never there: KV v2 answers a metadata delete with 204 anyway, some stand-ins with 404
      if (e.getHttpStatusCode() != 404) {
        throw failure(e, "deleting", path);
      }
    }
  }

  // ---------------------------------------------------------------- PKI

  /**
   * Issues a key and certificate from the PKI mount's role ({@code POST <pki>/issue/<role>}), the key
   * as PKCS#8 PEM. The result holds the key: it must not leave the activity.
   *
   * @param ttl e.g. {@code 720h}; null for the role's default
   */
  public Credential issue(String commonName, List<String> altNames, List<String> ipSans, String ttl) {
    String path = settings.pkiMount() + "/issue/" + settings.pkiRole();
    PkiResponse response =
        call("issuing a certificate for " + commonName + " at", path, v -> v.pki(settings.pkiMount())
            .issue(settings.pkiRole(), commonName, altNames, ipSans, ttl, CredentialFormat.PEM, "", PrivateKeyFormat.PKCS8));
    int status = response.getRestResponse().getStatus();
    if (status != 200) {
      throw statusFailure(status, errors(response.getRestResponse().getBody()), "issuing a certificate for " + commonName + " at", path);
    }
    Credential credential = response.getCredential();
    if (credential == null || credential.getCertificate() == null || credential.getPrivateKey() == null) {
      throw ApplicationFailure.newFailure(
          where("issuing a certificate for " + commonName + " at", path) + " gave no certificate and key; retried",
          FailureTypes.CERTIFICATE_NOT_ISSUED);
    }
    return credential;
  }

  // ---------------------------------------------------------------- the driver

  @FunctionalInterface
  private interface VaultCall<T> {
    T run(Vault vault) throws VaultException;
  }

  private <T> T call(String doing, String path, VaultCall<T> call) {
    try {
      return callRaw(call);
    } catch (VaultException e) {
      throw failure(e, doing, path);
    }
  }

  /** Sends the token file's current token (a Vault Agent renews it in place). */
  private <T> T callRaw(VaultCall<T> call) throws VaultException {
    synchronized (this) {
      String current;
      try {
        current = settings.currentToken();
      } catch (IllegalStateException e) {
        // a Vault Agent may be rewriting its sink: retried
        throw ApplicationFailure.newFailure(e.getMessage(), FailureTypes.VAULT_UNAVAILABLE);
      }
      if (!current.equals(token)) {
        config.token(current);
        token = current;
      }
    }
    return call.run(vault);
  }

  private String kv(String path) {
    return settings.kvMount() + "/" + path;
  }

  private void requireOk(LogicalResponse response, String doing, String path) {
    int status = response.getRestResponse().getStatus();
    if (status != 200 && status != 204) {
      throw statusFailure(status, errors(response.getRestResponse().getBody()), doing, path);
    }
  }

  private ApplicationFailure failure(VaultException e, String doing, String path) {
    if (e.getHttpStatusCode() > 0) {
      // the driver's message is "…status code: N\nResponse body: {…}": keep only Vault's error list
      String message = e.getMessage() == null ? "" : e.getMessage();
      int body = message.indexOf("Response body:");
      String errors = body < 0 ? "" : errors(message.substring(body + "Response body:".length()).strip().getBytes(StandardCharsets.UTF_8));
      return statusFailure(e.getHttpStatusCode(), errors, doing, path);
    }
    String why = "could not be reached";
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        why = "refused the connection";
      } else if (t instanceof HttpTimeoutException) {
        why = "did not answer in time (open " + settings.openTimeout() + ", read " + settings.readTimeout() + ")";
      } else if (t instanceof javax.net.ssl.SSLException) {
        why = "failed the TLS handshake (" + t.getMessage() + "): check the CA configured for Vault";
      }
    }
    return ApplicationFailure.newFailureWithCause(
        where(doing, path) + ": Vault " + why + "; retried, check that Vault is up and reachable from the worker",
        FailureTypes.VAULT_UNAVAILABLE,
        rootCause(e));
  }

  private ApplicationFailure statusFailure(int status, String errors, String doing, String path) {
    String answer = "HTTP " + status + (errors.isEmpty() ? "" : ": " + errors);
    if (status == 401 || status == 403) {
      return ApplicationFailure.newNonRetryableFailure(
          where(doing, path) + ": Vault refused the worker's token (" + answer
              + "); grant the worker's Vault policy access to the path, or renew its token",
          FailureTypes.VAULT_DENIED);
    }
    if (status == 503) {
      return ApplicationFailure.newFailure(
          where(doing, path) + ": Vault is sealed or has no active node (" + answer + "); retried, unseal it",
          FailureTypes.VAULT_UNAVAILABLE);
    }
    if (status >= 500 || status == 412 || status == 429) {
      return ApplicationFailure.newFailure(
          where(doing, path) + ": Vault failed (" + answer + "); retried", FailureTypes.VAULT_UNAVAILABLE);
    }
    return ApplicationFailure.newNonRetryableFailure(
        where(doing, path) + ": Vault refused the request (" + answer + "); check the mount ("
            + settings.kvMount() + ", " + settings.pkiMount() + ") and the role (" + settings.pkiRole() + ")",
        FailureTypes.VAULT_DENIED);
  }

  private String where(String doing, String path) {
    String full = path.startsWith(settings.pkiMount() + "/") ? path : settings.kvMount() + "/" + path;
    return doing + " " + full + " on Vault at " + settings.address();
  }

  /** Vault's {@code errors} list: messages such as "permission denied", never a stored value. */
  private static String errors(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    try {
      JsonValue errors = Json.parse(new String(body, StandardCharsets.UTF_8)).asObject().get("errors");
      if (errors == null || !errors.isArray()) {
        return "";
      }
      List<String> out = new ArrayList<>();
      for (JsonValue e : errors.asArray()) {
        String s = e.isString() ? e.asString() : e.toString();
        out.add(s.length() > 200 ? s.substring(0, 200) + "…" : s.strip());
      }
      return String.join("; ", out);
    } catch (RuntimeException e) {
      return "";
    }
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static Map<String, Object> values(Map<String, String> data) {
    return new LinkedHashMap<>(data);
  }

  private static int seconds(java.time.Duration d) {
    return (int) Math.max(1, (d.toMillis() + 999) / 1000);
  }

  @Override
  public String toString() {
    return "VaultClient[" + settings + "]";
  }
}
