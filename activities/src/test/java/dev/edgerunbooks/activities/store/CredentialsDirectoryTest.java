package dev.edgerunbooks.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsDirectoryTest {
  @TempDir Path dir;

  @Test
  void readsBothSecretsOfAStore() throws Exception {
    Files.writeString(dir.resolve("s001.properties"), "pve.token.secret = pve-secret\npbs.token.secret=pbs-secret\n");

    StoreCredentials credentials = new CredentialsDirectory(dir).forStore("s001");

    assertThat(credentials.pveTokenSecret()).isEqualTo("pve-secret");
    assertThat(credentials.pbsTokenSecret()).isEqualTo("pbs-secret");
  }

  @Test
  void toStringMasksTheSecrets() {
    assertThat(new StoreCredentials("pve-secret", "pbs-secret").toString())
        .doesNotContain("pve-secret")
        .doesNotContain("pbs-secret")
        .contains("****");
  }

  @Test
  void aMissingFileIsNamed() {
    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> new CredentialsDirectory(dir).forStore("s404"));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(CredentialSource.CREDENTIALS_MISSING);
    assertThat(failure.getOriginalMessage())
        .contains(dir.resolve("s404.properties").toAbsolutePath().toString())
        .contains("does not exist");
  }

  @Test
  void aMissingKeyIsNamedWhenItIsNeededWithoutShowingTheOtherSecret() throws Exception {
    Files.writeString(dir.resolve("s001.properties"), "pve.token.secret=pve-secret\n");
    StoreCredentials credentials = new CredentialsDirectory(dir).forStore("s001");

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> credentials.requirePbsTokenSecret("s001"));

    assertThat(credentials.requirePveTokenSecret("s001")).isEqualTo("pve-secret");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(CredentialSource.CREDENTIALS_MISSING);
    assertThat(failure.getOriginalMessage())
        .contains("s001.properties")
        .contains("pbs.token.secret")
        .doesNotContain("pve-secret");
  }

  @Test
  void aFileWithNoTokenAtAllIsRefused() throws Exception {
    Files.writeString(dir.resolve("s001.properties"), "root.password=hunter2\n");

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> new CredentialsDirectory(dir).forStore("s001"));

    assertThat(failure.getType()).isEqualTo(CredentialSource.CREDENTIALS_MISSING);
    assertThat(failure.getOriginalMessage())
        .contains("pve.token.secret")
        .contains("pbs.token.secret")
        .doesNotContain("hunter2");
  }

  @Test
  void aStagingClusterHasARootPasswordAndNoPbs() throws Exception {
    Files.writeString(dir.resolve("staging-eu.properties"), "pve.token.secret=pve-secret\nroot.password= pass word \n");

    StoreCredentials credentials = new CredentialsDirectory(dir).forStore("staging-eu");

    assertThat(credentials.requireRootPassword("staging-eu")).isEqualTo("pass word ");
    assertThat(credentials.pbsTokenSecret()).isNull();
    assertThat(credentials.toString()).doesNotContain("pass word").contains("rootPassword=****");
  }

  @Test
  void aMissingRootPasswordIsNamed() throws Exception {
    Files.writeString(dir.resolve("staging-eu.properties"), "pve.token.secret=pve-secret\n");

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> new CredentialsDirectory(dir).forStore("staging-eu").requireRootPassword("staging-eu"));

    assertThat(failure.getType()).isEqualTo(CredentialSource.CREDENTIALS_MISSING);
    assertThat(failure.getOriginalMessage()).contains("root.password").contains("staging-eu");
  }

  @Test
  void aStoreIdCannotWalkOutOfTheDirectory() {
    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> new CredentialsDirectory(dir).forStore("../etc/passwd"));

    assertThat(failure.getType()).isEqualTo(CredentialSource.CREDENTIALS_MISSING);
  }
}
