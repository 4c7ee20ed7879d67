package dev.edgerunbooks.activities.certs;

/**
 * What an ACME CA checks to prove that we control a name. None of it is secret: it is published.
 *
 * @param type {@code http-01} or {@code dns-01}
 * @param domain the name being proved
 * @param token the challenge's token (HTTP-01 serves the key authorization at {@code
 *     /.well-known/acme-challenge/<token>})
 * @param keyAuthorization what HTTP-01 serves
 * @param txtName the TXT record DNS-01 sets, {@code _acme-challenge.<domain>.}
 * @param txtValue the TXT record's value for DNS-01
 */
public record AcmeChallenge(String type, String domain, String token, String keyAuthorization, String txtName, String txtValue) {}
