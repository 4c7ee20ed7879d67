package dev.edgerunbooks.activities.certs;

/**
 * Publishes an ACME challenge where the CA looks for it (a web server of the name, a DNS zone) and
 * removes it afterwards. Fails with an {@code ApplicationFailure} naming what went wrong.
 */
public interface ChallengeResponder {
  /** Makes the challenge visible to the CA; returns once it is (DNS propagated, file served). */
  void present(AcmeChallenge challenge, Runnable heartbeat);

  /** Removes what {@link #present} published; called whatever the validation's outcome. */
  void cleanup(AcmeChallenge challenge, Runnable heartbeat);
}
