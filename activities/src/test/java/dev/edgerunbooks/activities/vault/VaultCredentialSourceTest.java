package dev.edgerunbooks.activities.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgerunbooks.activities.store.CredentialSource;
import dev.edgerunbooks.activities.store.StoreCredentials;
import dev.edgerunbooks.activities.store.StoreEndpoints;
import dev.edgerunbooks.activities.store.NodeEndpoint;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.tokenrotation.ApiAccount;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VaultCredentialSourceTest {
  static final StoreEndpoints FLEET = new StoreEndpoints(
      "s001", List.of(new NodeEndpoint("pve1", URI.create("https://127.0.0.1:8006"), "AA:" + "00:".repeat(30) + "BB")),
      null, "edgerun@pve!runbooks", "edgerun@pbs!runbooks");

  final MemoryVault vault = new MemoryVault();
  final AtomicLong nanos = new AtomicLong();
  final CredentialSource file = store -> new StoreCredentials("file-pve", "file-pbs", "root-pw");
  final VaultCredentialSource source = new VaultCredentialSource(vault, file, Duration.ofSeconds(10), nanos::get);

  @Test
  void theFileAndTheFleetTokenIdsServeUntilVaultHoldsAToken() {
    StoreCredentials before = source.forStore("s001");
    assertThat(before.pveTokenSecret()).isEqualTo("file-pve");
    assertThat(before.pveTokenId(FLEET)).isEqualTo("edgerun@pve!runbooks");

    vault.write(vault.paths().token("s001", ApiAccount.PVE), Map.of("tokenid", "edgerun@pve!rot-20261124-abcdef", "secret", "vault-pve"));
    nanos.addAndGet(Duration.ofSeconds(10).toNanos());
    StoreCredentials after = source.forStore("s001");

    assertThat(after.pveTokenSecret()).isEqualTo("vault-pve");
    assertThat(after.pveTokenId(FLEET)).isEqualTo("edgerun@pve!rot-20261124-abcdef");
    assertThat(after.pbsTokenSecret()).as("PBS not rotated yet: still the file's").isEqualTo("file-pbs");
    assertThat(after.pbsTokenId(FLEET)).isEqualTo("edgerun@pbs!runbooks");
    assertThat(after.rootPassword()).isEqualTo("root-pw");
    assertThat(after.toString()).doesNotContain("vault-pve", "file-pbs", "root-pw").contains("rot-20261124-abcdef");
  }

  @Test
  void whatWasReadIsKeptForTheTtlAndReadAgainAfter() {
    source.forStore("s001");
    source.forStore("s001");
    nanos.addAndGet(Duration.ofSeconds(9).toNanos());
    source.forStore("s001");
    assertThat(vault.reads.get()).as("two entries read once").isEqualTo(2);

    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    source.forStore("s001");
    assertThat(vault.reads.get()).isEqualTo(4);
  }

  @Test
  void duringAVaultOutageTheCredentialsLastReadServeAndWithNoneTheCallIsRetried() {
    vault.write(vault.paths().token("s001", ApiAccount.PVE), Map.of("tokenid", "edgerun@pve!new", "secret", "vault-pve"));
    source.forStore("s001");
    vault.sealed = true;
    nanos.addAndGet(Duration.ofMinutes(5).toNanos());

    assertThat(source.forStore("s001").pveTokenSecret()).isEqualTo("vault-pve");

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, () -> source.forStore("s002"));
    assertThat(failure.getType()).isEqualTo(FailureTypes.VAULT_UNAVAILABLE);
    assertThat(failure.isNonRetryable()).isFalse();
  }

  @Test
  void aStoreWhollyInVaultNeedsNoCredentialsFile() {
    CredentialSource noFile = store -> {
      throw ApplicationFailure.newNonRetryableFailure("credentials file /x/" + store + ".properties: the file does not exist",
          CredentialSource.CREDENTIALS_MISSING);
    };
    VaultCredentialSource vaultOnly = new VaultCredentialSource(vault, noFile, Duration.ZERO, nanos::get);
    assertThat(catchThrowableOfType(ApplicationFailure.class, () -> vaultOnly.forStore("s001")).getType())
        .isEqualTo(CredentialSource.CREDENTIALS_MISSING);

    vault.write(vault.paths().token("s001", ApiAccount.PVE), Map.of("tokenid", "edgerun@pve!a", "secret", "pve-s"));
    vault.write(vault.paths().token("s001", ApiAccount.PBS), Map.of("tokenid", "edgerun@pbs!b", "secret", "pbs-s"));

    StoreCredentials read = vaultOnly.forStore("s001");
    assertThat(read.requirePbsTokenSecret("s001")).isEqualTo("pbs-s");
    assertThat(read.pbsTokenId(FLEET)).isEqualTo("edgerun@pbs!b");
    assertThat(read.rootPassword()).isNull();
  }

  @Test
  void anEntryWithoutItsTokenIdIsRefusedNamingThePathNotTheValue() {
    String path = vault.paths().token("s001", ApiAccount.PBS);
    vault.write(path, Map.of("secret", "lonely-secret"));

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, () -> source.forStore("s001"));

    assertThat(failure.getType()).isEqualTo(CredentialSource.CREDENTIALS_MISSING);
    assertThat(failure.getOriginalMessage()).contains(path).doesNotContain("lonely-secret");
  }
}
