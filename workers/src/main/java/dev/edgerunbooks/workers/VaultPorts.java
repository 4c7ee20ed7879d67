package dev.edgerunbooks.workers;

import dev.edgerunbooks.activities.certs.AcmeIssuer;
import dev.edgerunbooks.activities.certs.AcmeSettings;
import dev.edgerunbooks.activities.certs.CertificateIssuer;
import dev.edgerunbooks.activities.certs.CommandChallengeResponder;
import dev.edgerunbooks.activities.certs.VaultPkiIssuer;
import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.PinSource;
import dev.edgerunbooks.activities.vault.VaultClient;
import dev.edgerunbooks.activities.vault.VaultCredentialSource;
import dev.edgerunbooks.activities.vault.VaultKv;
import dev.edgerunbooks.activities.vault.VaultPaths;
import dev.edgerunbooks.activities.vault.VaultPins;
import dev.edgerunbooks.activities.vault.VaultSettings;
import dev.edgerunbooks.runbooks.rotation.AcmeDefinition;
import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the workers take from Vault: the tokens (over the credentials files), the pins (over the
 * fleet definition's fingerprints), and the certificates' store and issuer. Without Vault the files
 * and the fleet definition serve as before, and a rotation step fails saying Vault is missing.
 *
 * @param client the Vault this process uses; empty without one
 */
public record VaultPorts(Optional<VaultClient> client, EdgeProperties props) {

  /** The Vault of {@code edge.vault.*}, or none when its address is unset. */
  public static VaultPorts configured(EdgeProperties props) {
    EdgeProperties.Vault v = props.vault();
    if (!v.configured()) {
      return new VaultPorts(Optional.empty(), props);
    }
    boolean hasToken = v.token() != null && !v.token().isBlank();
    Path tokenFile = v.tokenFile() == null || v.tokenFile().toString().isBlank() ? null : v.tokenFile();
    if (!hasToken && tokenFile == null) {
      throw new IllegalStateException(
          "edge.vault.address is " + v.address() + " but no token is set: set edge.vault.token (EDGE_VAULT_TOKEN)"
              + " or edge.vault.token-file (EDGE_VAULT_TOKEN_FILE, a Vault Agent sink)");
    }
    VaultSettings settings = hasToken ? VaultSettings.of(v.address(), v.token()) : VaultSettings.withTokenFile(v.address(), tokenFile);
    if (v.caFile() != null && !v.caFile().toString().isBlank()) {
      settings = settings.withCaFile(v.caFile());
    }
    return open(settings.withNamespace(v.namespace()), props);
  }

  /** A Vault at this address with this token (the lab's), with the rest of {@code edge.vault.*}. */
  public static VaultPorts at(URI address, String token, EdgeProperties props) {
    return open(VaultSettings.of(address, token), props);
  }

  private static VaultPorts open(VaultSettings settings, EdgeProperties props) {
    EdgeProperties.Vault v = props.vault();
    VaultSettings full = settings
        .withMounts(v.kvMount(), v.pkiMount(), v.pkiRole())
        .withPrefix(v.prefix())
        .withTimeouts(v.openTimeout(), v.readTimeout())
        .withCacheTtl(v.cacheTtl());
    return new VaultPorts(Optional.of(VaultClient.open(full)), props);
  }

  /** Vault's tokens first, then {@code files} for a store whose tokens Vault does not hold yet. */
  public CredentialSource credentials(CredentialSource files) {
    return client.<CredentialSource>map(c -> new VaultCredentialSource(c, files, props.vault().cacheTtl())).orElse(files);
  }

  public PinSource pins() {
    return client.<PinSource>map(c -> new VaultPins(c, props.vault().cacheTtl())).orElse(PinSource.FLEET);
  }

  /** Where rotation keeps what it makes; without Vault every call fails saying so. */
  public VaultKv kv() {
    return client.<VaultKv>map(c -> c).orElseGet(() -> new Missing(new VaultPaths(props.vault().prefix())));
  }

  /** Vault PKI when there is a Vault; ACME when rotation.yaml names a CA and edge.acme.challenge-command a hook. */
  public List<CertificateIssuer> issuers(Optional<AcmeDefinition> acme) {
    List<CertificateIssuer> issuers = new ArrayList<>();
    client.ifPresent(c -> issuers.add(new VaultPkiIssuer(c, props.vault().certificateTtl())));
    EdgeProperties.Acme worker = props.acme();
    // without a hook no challenge can be published: the issuer stays unconfigured, and a renewal says so
    acme.filter(a -> !worker.challengeCommand().isEmpty()).ifPresent(a -> {
      AcmeSettings settings = AcmeSettings.of(a.directory(), a.challenge());
      if (a.contact() != null) settings = settings.withContact(a.contact().replaceFirst("^mailto:", ""));
      if (worker.caFile() != null && !worker.caFile().toString().isBlank()) settings = settings.withCaFile(worker.caFile());
      issuers.add(new AcmeIssuer(settings, kv(), new CommandChallengeResponder(worker.challengeCommand(), worker.challengeTimeout())));
    });
    return issuers;
  }

  /** The Vault of a worker that has none. */
  private record Missing(VaultPaths paths) implements VaultKv {
    private static ApplicationFailure missing() {
      return ApplicationFailure.newNonRetryableFailure(
          "this worker has no Vault: set edge.vault.address (EDGE_VAULT_ADDR) and a token; rotation keeps the"
              + " stores' tokens, pins and certificates there", FailureTypes.VAULT_DENIED);
    }

    @Override
    public Optional<Map<String, String>> read(String path) {
      throw missing();
    }

    @Override
    public void write(String path, Map<String, String> data) {
      throw missing();
    }

    @Override
    public boolean create(String path, Map<String, String> data) {
      throw missing();
    }

    @Override
    public void delete(String path) {
      throw missing();
    }
  }
}
