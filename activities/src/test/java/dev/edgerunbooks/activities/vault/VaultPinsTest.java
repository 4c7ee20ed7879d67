package dev.edgerunbooks.activities.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgerunbooks.activities.proxmox.ClientSettings;
import dev.edgerunbooks.activities.proxmox.TlsServer;
import dev.edgerunbooks.activities.store.NodeEndpoint;
import dev.edgerunbooks.activities.store.PinSource;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.activities.store.StoreCredentials;
import dev.edgerunbooks.activities.store.StoreEndpoints;
import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node's pins come from Vault when it has them, else from the fleet definition, looked up at each handshake. */
class VaultPinsTest {
  static final ClientSettings FAST = new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 0, Duration.ofMillis(20), 3);
  static final String OTHER = "AA:" + "00:".repeat(30) + "BB";

  final MemoryVault vault = new MemoryVault();
  TlsServer node;
  String pinsPath;

  @BeforeEach
  void start() throws Exception {
    node = new TlsServer("pve1");
    pinsPath = vault.paths().pins("s001", "pve1");
  }

  @AfterEach
  void stop() {
    node.close();
  }

  StoreClients clients(String fleetFingerprint, PinSource pins) {
    return new StoreClients(
        new StoreEndpoints("s001", List.of(new NodeEndpoint("pve1", node.endpoint(), fleetFingerprint)), null,
            "edgerun@pve!runbooks", null),
        store -> new StoreCredentials("secret", null), pins, FAST);
  }

  void call(StoreClients clients) {
    node.enqueue(200, "{\"data\":[]}");
    clients.pve().clusterStatus();
  }

  ApplicationFailure refused(StoreClients clients) {
    return catchThrowableOfType(ApplicationFailure.class, () -> call(clients));
  }

  @Test
  void withoutAVaultEntryTheFleetFingerprintIsTrusted() {
    call(clients(node.fingerprint(), new VaultPins(vault, Duration.ofHours(1))));

    ApplicationFailure failure = refused(clients(OTHER, new VaultPins(vault, Duration.ofHours(1))));
    assertThat(failure.getType()).isEqualTo(FailureTypes.TLS_PIN_MISMATCH);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).isEqualTo(
        "TLS pin mismatch at store s001 (PVE node pve1 at " + node.endpoint() + "): expected SHA-256 fingerprint " + OTHER
            + " but the server presented " + node.fingerprint() + "; if the certificate was renewed update the pinned"
            + " fingerprint in the fleet definition, otherwise suspect interception");
  }

  @Test
  void vaultsPinsWinOverTheFleetDefinitionAndTheNextPinIsTrustedBesideTheCurrent() {
    vault.write(pinsPath, Map.of("current", OTHER, "next", node.fingerprint()));
    call(clients(OTHER, new VaultPins(vault, Duration.ofHours(1))));

    vault.write(pinsPath, Map.of("current", OTHER));
    ApplicationFailure failure = refused(clients(node.fingerprint(), new VaultPins(vault, Duration.ofHours(1))));
    assertThat(failure.getType()).isEqualTo(FailureTypes.TLS_PIN_MISMATCH);
    assertThat(failure.getOriginalMessage()).contains("expected SHA-256 fingerprint " + OTHER + " but the server presented");
  }

  @Test
  void aPinPromotedInVaultIsTrustedAtOnceThoughThePinsAreCached() {
    vault.write(pinsPath, Map.of("current", OTHER));
    StoreClients clients = clients(OTHER, new VaultPins(vault, Duration.ofHours(1)));
    assertThat(refused(clients).getType()).isEqualTo(FailureTypes.TLS_PIN_MISMATCH);
    int reads = vault.reads.get();

    vault.write(pinsPath, Map.of("current", node.fingerprint()));
    call(clients);

    assertThat(vault.reads.get()).as("read once from the cache, then once afresh").isEqualTo(reads + 1);
  }

  @Test
  void aPinRemovedFromVaultIsRefusedByTheNextConnection() {
    vault.write(pinsPath, Map.of("current", OTHER, "next", node.fingerprint()));
    call(clients(OTHER, new VaultPins(vault, Duration.ofHours(1))));

    vault.write(pinsPath, Map.of("current", OTHER));

    assertThat(refused(clients(node.fingerprint(), new VaultPins(vault, Duration.ofHours(1)))).getType())
        .isEqualTo(FailureTypes.TLS_PIN_MISMATCH);
  }

  @Test
  void pinsThatCannotBeReadFailTheCallAsVaultUnavailableNotAsAMismatch() {
    vault.sealed = true;

    ApplicationFailure failure = refused(clients(node.fingerprint(), new VaultPins(vault, Duration.ofHours(1))));

    assertThat(failure.getType()).isEqualTo(FailureTypes.VAULT_UNAVAILABLE);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("could not check the node's certificate: Vault is sealed");
  }

  @Test
  void aMalformedPinInVaultIsAPermanentMismatchNamingTheEntry() {
    vault.write(pinsPath, Map.of("current", "not a fingerprint"));

    ApplicationFailure failure = refused(clients(node.fingerprint(), new VaultPins(vault, Duration.ofHours(1))));

    assertThat(failure.getType()).isEqualTo(FailureTypes.TLS_PIN_MISMATCH);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains(pinsPath).doesNotContain("not a fingerprint");
  }
}
