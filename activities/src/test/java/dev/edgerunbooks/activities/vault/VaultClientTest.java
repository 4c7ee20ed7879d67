package dev.edgerunbooks.activities.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgerunbooks.activities.staging.LabSites;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.tokenrotation.ApiAccount;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KV version 2 through the Vault Java driver, against the lab's Vault stand-in. */
class VaultClientTest {
  @TempDir Path dir;
  Lab lab;
  VaultClient vault;
  String path;

  @BeforeEach
  void start() {
    lab = Lab.start(LabSites.options());
    vault = LabSites.vault(lab);
    path = vault.paths().token("store-0001", ApiAccount.PVE);
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  @Test
  void entriesAreWrittenAsNewVersionsUnderThePrefixReadLatestAndDeletedWithEveryVersion() {
    assertThat(path).isEqualTo("edge-runbooks/stores/store-0001/tokens/pve");
    assertThat(vault.read(path)).isEmpty();

    vault.write(path, Map.of("tokenid", "edgerun@pve!a", "secret", "s-1"));
    vault.write(path, Map.of("tokenid", "edgerun@pve!b", "secret", "s-2"));

    assertThat(vault.read(path)).contains(Map.of("tokenid", "edgerun@pve!b", "secret", "s-2"));
    assertThat(lab.vaultRequests("secret/data/edge-runbooks/stores/store-0001/tokens/pve")).isEqualTo(4);

    vault.delete(path);
    vault.delete(path);
    assertThat(vault.read(path)).isEmpty();
  }

  @Test
  void createWritesOnlyWhenTheEntryIsNew() {
    String account = vault.paths().acmeAccount();
    assertThat(vault.create(account, Map.of("key", "k1", "location", "https://ca/acct/1"))).isTrue();
    assertThat(vault.create(account, Map.of("key", "k2", "location", "https://ca/acct/2"))).isFalse();
    assertThat(vault.read(account).orElseThrow()).containsEntry("location", "https://ca/acct/1");
  }

  @Test
  void aSealedOrUnreachableVaultIsRetriedAndNamesThePathAndAddressNotTheValue() {
    vault.write(path, Map.of("tokenid", "edgerun@pve!a", "secret", "very-secret-value"));
    lab.vaultFaults().sealed(true);

    ApplicationFailure sealed = catchThrowableOfType(ApplicationFailure.class,
        () -> vault.write(path, Map.of("tokenid", "edgerun@pve!a", "secret", "very-secret-value")));
    assertThat(sealed.getType()).isEqualTo(FailureTypes.VAULT_UNAVAILABLE);
    assertThat(sealed.isNonRetryable()).isFalse();
    assertThat(sealed.getOriginalMessage())
        .contains("secret/" + path, lab.vaultAddress(), "sealed", "Vault is sealed")
        .doesNotContain("very-secret-value");

    lab.vaultFaults().clear().unreachable(true);
    ApplicationFailure unreachable = catchThrowableOfType(ApplicationFailure.class, () -> vault.read(path));
    assertThat(unreachable.getType()).isEqualTo(FailureTypes.VAULT_UNAVAILABLE);
    assertThat(unreachable.isNonRetryable()).isFalse();
    assertThat(unreachable.getOriginalMessage()).contains("reading secret/" + path, lab.vaultAddress(), "refused the connection");

    lab.vaultFaults().clear();
    assertThat(vault.read(path).orElseThrow()).containsEntry("secret", "very-secret-value");
  }

  @Test
  void aRefusedTokenIsPermanentAndATokenFileIsReadAgainWhenItChanges() throws Exception {
    Path tokenFile = dir.resolve("vault-token");
    Files.writeString(tokenFile, "hvs.not-the-token\n");
    VaultClient agent = VaultClient.open(VaultSettings.withTokenFile(URI.create(lab.vaultAddress()), tokenFile));

    ApplicationFailure denied = catchThrowableOfType(ApplicationFailure.class, () -> agent.read(path));
    assertThat(denied.getType()).isEqualTo(FailureTypes.VAULT_DENIED);
    assertThat(denied.isNonRetryable()).isTrue();
    assertThat(denied.getOriginalMessage()).contains("permission denied", "secret/" + path).doesNotContain("not-the-token");

    Files.writeString(tokenFile, lab.vaultToken() + "\n"); // the agent renewed it
    assertThat(agent.read(path)).isEmpty();
    assertThat(agent.toString()).doesNotContain(lab.vaultToken());
  }
}
