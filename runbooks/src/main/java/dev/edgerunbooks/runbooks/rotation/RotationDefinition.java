package dev.edgerunbooks.runbooks.rotation;

import dev.edgerunbooks.workflows.certrotation.CertIssuer;
import dev.edgerunbooks.workflows.certrotation.CertPolicy;
import dev.edgerunbooks.workflows.tokenrotation.TokenPolicy;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Certificate and API token rotation as {@code runbooks/rotation.yaml} declares it; load it with
 * {@link RotationLoader}, which has already checked the certificates' window against the fleet.
 *
 * @param source the file it was read from
 * @param certificates the policy of the daily certificate check, window and freezes included
 * @param acme the ACME settings of the store workers' activities; present when the file writes them,
 *     which it must when {@code certificates.issuer()} is {@link CertIssuer#ACME} and may otherwise
 *     (kept ready for a switch of issuer, then unused)
 * @param tokens the policy of API token rotation
 */
public record RotationDefinition(Path source, CertPolicy certificates, Optional<AcmeDefinition> acme, TokenPolicy tokens) {
  public RotationDefinition {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(certificates, "certificates");
    Objects.requireNonNull(acme, "acme");
    Objects.requireNonNull(tokens, "tokens");
    if (certificates.issuer() == CertIssuer.ACME && acme.isEmpty()) {
      throw new IllegalArgumentException("the acme issuer needs its ACME settings");
    }
  }
}
