package dev.edgerunbooks.runbooks.rotation;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The ACME account and challenge that the store workers' certificate activities use when
 * {@code certificates.issuer} is {@code acme}; the workflows' {@code CertPolicy} does not carry them, as
 * only the activities talk to the CA.
 *
 * @param directory the CA's directory URL (https), e.g. {@code https://acme-v02.api.letsencrypt.org/directory}
 * @param contact the account's contact, a {@code mailto:} URL the CA writes to about the account
 * @param challenge how a node proves it owns its name: {@link #HTTP_01} or {@link #DNS_01}, as ACME (RFC
 *     8555) and acme4j name them
 */
public record AcmeDefinition(URI directory, String contact, String challenge) {
  /** A file served on the node's port 80: the CA must reach every node. */
  public static final String HTTP_01 = "http-01";
  /** A TXT record in the node's DNS zone: for nodes the CA cannot reach, as behind a store's NAT. */
  public static final String DNS_01 = "dns-01";
  public static final List<String> CHALLENGES = List.of(HTTP_01, DNS_01);

  public AcmeDefinition {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(contact, "contact");
    if (!CHALLENGES.contains(challenge)) {
      throw new IllegalArgumentException("challenge must be one of " + CHALLENGES + ", not " + challenge);
    }
  }
}
