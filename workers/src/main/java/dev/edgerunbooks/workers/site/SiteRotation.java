package dev.edgerunbooks.workers.site;

import dev.edgerunbooks.activities.certrotation.StoreCertSettings;
import dev.edgerunbooks.activities.certs.CertificateIssuer;
import dev.edgerunbooks.activities.vault.VaultKv;
import java.util.List;

/** What a store's worker rotates with: Vault, the certificate issuers, and how certificates are asked for. */
public record SiteRotation(VaultKv vault, List<CertificateIssuer> issuers, StoreCertSettings certificates) {
  public SiteRotation {
    issuers = List.copyOf(issuers);
  }
}
