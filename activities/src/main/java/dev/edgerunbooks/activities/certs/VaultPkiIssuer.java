package dev.edgerunbooks.activities.certs;

import dev.edgerunbooks.activities.vault.VaultClient;
import dev.edgerunbooks.workflows.certrotation.CertIssuer;
import io.github.jopenlibs.vault.api.pki.Credential;
import java.util.ArrayList;
import java.util.List;

/**
 * Vault's PKI engine: {@code POST <pki mount>/issue/<role>} makes the key and signs the certificate
 * (common name, DNS names and the node's address as IP SANs, which the role must allow); the chain
 * is the certificate followed by Vault's CA chain.
 */
public final class VaultPkiIssuer implements CertificateIssuer {
  private final VaultClient vault;
  private final String ttl;

  /** @param ttl the certificates' lifetime as Vault reads it, e.g. {@code 2160h}; null for the role's */
  public VaultPkiIssuer(VaultClient vault, String ttl) {
    this.vault = vault;
    this.ttl = ttl;
  }

  @Override
  public CertIssuer kind() {
    return CertIssuer.VAULT_PKI;
  }

  @Override
  public NewCertificate issue(CertificateRequest request, Runnable heartbeat) {
    List<String> altNames = request.dnsNames().stream().filter(n -> !n.equals(request.commonName())).toList();
    Credential credential = vault.issue(request.commonName(), altNames, request.ipAddresses(), ttl);
    List<String> chain = new ArrayList<>();
    chain.add(credential.getCertificate().strip());
    List<String> caChain = credential.getCaChain();
    if (caChain != null && !caChain.isEmpty()) {
      caChain.forEach(c -> chain.add(c.strip()));
    } else if (credential.getIssuingCa() != null) {
      chain.add(credential.getIssuingCa().strip());
    }
    return NewCertificate.of(String.join("\n", chain) + "\n", credential.getPrivateKey(), CertIssuer.VAULT_PKI);
  }

  @Override
  public String toString() {
    return "VaultPkiIssuer[" + vault.settings().pkiMount() + "/issue/" + vault.settings().pkiRole() + "]";
  }
}
