package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One certificate of a node ({@code GET /nodes/{node}/certificates/info}): {@code pve-ssl.pem}, and
 * {@code pveproxy-ssl.pem} when a custom certificate is installed (that one is then served).
 *
 * @param fingerprint SHA-256 fingerprint, {@code AA:BB:…}
 * @param notbefore epoch seconds; @param notafter epoch seconds
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CertificateInfo(
    String filename,
    String fingerprint,
    String subject,
    String issuer,
    Long notbefore,
    Long notafter,
    List<String> san,
    @JsonProperty("public-key-type") String publicKeyType,
    @JsonProperty("public-key-bits") Integer publicKeyBits) {

  /** The certificate pveproxy serves: the custom one when there is one, else the cluster CA's. */
  public static CertificateInfo served(List<CertificateInfo> certificates) {
    return certificates.stream()
        .filter(c -> "pveproxy-ssl.pem".equals(c.filename()))
        .findFirst()
        .orElseGet(
            () -> certificates.stream().filter(c -> "pve-ssl.pem".equals(c.filename())).findFirst().orElse(null));
  }
}
