package dev.edgerunbooks.activities.evidence;

import static dev.edgerunbooks.activities.evidence.EvidenceRedaction.REDACTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class EvidenceRedactionTest {
  static final String UUID = "3f2c8a1e-9b7d-4c6e-a5f0-1d2e3f4a5b6c";

  static JsonNode redact(String json) {
    return EvidenceRedaction.redact(EvidenceHashes.parse(json));
  }

  @Test
  void valuesOfSecretKeysAreRedactedWhateverTheyHold() {
    JsonNode out = redact("{\"password\":\"hunter2\",\"cipassword\":\"x\",\"token\":\"t\",\"client_secret\":\"s\","
        + "\"sshkeys\":\"ssh-ed25519%20AAAA\",\"encryption-key\":\"{\\\"kdf\\\":1}\",\"key\":{\"d\":1},"
        + "\"memory\":\"2048\",\"keyboard\":\"de\",\"name\":\"tokenization\"}");

    for (String key : new String[] {"password", "cipassword", "token", "client_secret", "sshkeys", "encryption-key", "key"}) {
      assertThat(out.path(key).asText()).as(key).isEqualTo(REDACTED);
    }
    assertThat(out.path("memory").asText()).isEqualTo("2048");
    assertThat(out.path("keyboard").asText()).isEqualTo("de");
    assertThat(out.path("name").asText()).isEqualTo("tokenization");
  }

  @Test
  void credentialsInTextAreRemovedEverywhere() {
    String text = "login password=hunter2, token: abc123def; secret=s3cr3t api_key=AKIA1234 "
        + "PVEAPIToken=root@pam!ci=" + UUID + " and ops@pve!deploy=" + UUID + " PBSAPIToken=edgerun@pbs!r:xyz "
        + "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig "
        + "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY----- end";

    String out = EvidenceRedaction.scrubCredentials(text);

    assertThat(out)
        .doesNotContain("hunter2", "abc123def", "s3cr3t", "AKIA1234", UUID, "xyz", "eyJhbGciOiJIUzI1NiJ9", "b3BlbnNzaC1rZXk")
        .contains("password=" + REDACTED, "token: " + REDACTED, "secret=" + REDACTED, "PVEAPIToken=" + REDACTED,
            "PBSAPIToken=" + REDACTED)
        .contains("login", " end");
  }

  @Test
  void freeTextLosesUuidsMailAddressesAndPhoneNumbersButNotDatesOrAddresses() {
    JsonNode out = redact("{\"description\":\"POS lane 3, owner jane.doe@shop.example.com, call +49 30 1234567 or (555) 123-4567,"
        + " serial " + UUID + ", since 2026-11-24 10:00 on 10.1.2.11, user root@pam\","
        + "\"smbios1\":\"uuid=" + UUID + "\"}");

    String description = out.path("description").asText();
    assertThat(description)
        .doesNotContain("jane.doe", "1234567", "123-4567", UUID)
        .contains("POS lane 3", "2026-11-24 10:00", "10.1.2.11", "root@pam");
    // a UUID in configuration (not free text) is an identifier, not personal data
    assertThat(out.path("smbios1").asText()).isEqualTo("uuid=" + UUID);
  }

  @Test
  void firewallRuleCommentsAreFreeText() {
    JsonNode out = redact("{\"rules\":[{\"pos\":0,\"action\":\"ACCEPT\",\"comment\":\"ask bob@example.org, password=x\"}]}");

    assertThat(out.path("rules").get(0).path("comment").asText()).isEqualTo("ask " + REDACTED + ", password=" + REDACTED);
    assertThat(out.path("rules").get(0).path("action").asText()).isEqualTo("ACCEPT");
  }

  @Test
  void theInputIsNotChanged() {
    JsonNode in = EvidenceHashes.parse("{\"password\":\"p\"}");
    EvidenceRedaction.redact(in);
    assertThat(in.path("password").asText()).isEqualTo("p");
  }
}
