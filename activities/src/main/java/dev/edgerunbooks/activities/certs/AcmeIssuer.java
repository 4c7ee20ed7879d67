package dev.edgerunbooks.activities.certs;

import dev.edgerunbooks.activities.tls.Pem;
import dev.edgerunbooks.activities.vault.VaultKv;
import dev.edgerunbooks.activities.vault.VaultPaths;
import dev.edgerunbooks.workflows.certrotation.CertIssuer;
import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.Security;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * An ACME CA through acme4j: one account for the fleet, its key pair and URL kept in Vault at
 * {@code <prefix>/acme/account} (created on first use, with check-and-set so two workers starting at
 * once end up sharing one), and per certificate a fresh EC P-256 key and CSR made here, so the key
 * never leaves the worker but for Vault and the node. Each name of the request is proved with the
 * configured challenge, published through the {@link ChallengeResponder}; ACME is asked for the DNS
 * names only.
 *
 * <p>Waiting on the CA is bounded by the settings' validation timeout and heartbeats. A CA that is
 * down, slow or rate limiting fails with {@code CertificateNotIssued}, retried with the issuer's long
 * backoff; a validation the CA refused fails the same type, not retried (a retry would fail the same
 * way and count against the CA's failed-validation limit).
 */
public final class AcmeIssuer implements CertificateIssuer {
  static {
    // acme4j asks for Bouncy Castle by name for its key pairs and CSRs; appended, so it is the JDK's
    // last choice and changes nothing else
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
  }

  private final AcmeSettings settings;
  private final VaultKv vault;
  private final ChallengeResponder responder;
  private final GenericAcmeProvider provider;

  public AcmeIssuer(AcmeSettings settings, VaultKv vault, ChallengeResponder responder) {
    this.settings = settings;
    this.vault = vault;
    this.responder = responder;
    SSLContext tls = settings.caPem() == null ? null : Pem.trusting(settings.caPem(), "the ACME CA (" + settings.directory() + ")");
    this.provider = new TrustingProvider(tls);
  }

  @Override
  public CertIssuer kind() {
    return CertIssuer.ACME;
  }

  @Override
  public NewCertificate issue(CertificateRequest request, Runnable heartbeat) {
    String what = "the ACME order of " + request.describe() + " at " + settings.directory();
    try {
      Login login = login(new Session(settings.directory(), provider));
      Order order = login.newOrder().domains(request.dnsNames()).create();
      for (Authorization authorization : order.getAuthorizations()) {
        authorize(authorization, heartbeat);
      }
      require(order, await(order, Set.of(Status.READY, Status.VALID), what + " to be ready", heartbeat), Status.READY, Status.VALID, what);
      KeyPair key = KeyPairUtils.createECKeyPair("secp256r1");
      if (order.getStatus() == Status.READY) {
        order.execute(key);
      }
      require(order, await(order, Set.of(Status.VALID), what + " to be issued", heartbeat), Status.VALID, Status.VALID, what);
      return NewCertificate.of(order.getCertificate().getCertificateChain(), key.getPrivate(), CertIssuer.ACME);
    } catch (AcmeRateLimitedException e) {
      throw ApplicationFailure.newFailure(
          what + ": the CA limits our rate (" + e.getMessage() + ")"
              + e.getRetryAfter().map(t -> "; it takes new orders again at " + t).orElse("") + "; retried later",
          FailureTypes.CERTIFICATE_NOT_ISSUED);
    } catch (AcmeException e) {
      throw ApplicationFailure.newFailure(
          what + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage() + "; retried later",
          FailureTypes.CERTIFICATE_NOT_ISSUED);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure(what + " was interrupted", FailureTypes.CERTIFICATE_NOT_ISSUED);
    }
  }

  // ---------------------------------------------------------------- the account

  /** The fleet's account from Vault, or a new one registered now and kept there. */
  private Login login(Session session) throws AcmeException {
    String path = vault.paths().acmeAccount();
    Optional<Map<String, String>> stored = vault.read(path);
    if (stored.isEmpty()) {
      KeyPair key = KeyPairUtils.createECKeyPair("secp256r1");
      AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(key);
      if (settings.contact() != null) {
        builder.addEmail(settings.contact());
      }
      Account account = builder.create(session);
      if (vault.create(path, Map.of(VaultPaths.KEY, pem(key), VaultPaths.LOCATION, account.getLocation().toString()))) {
        return session.login(account.getLocation(), key);
      }
      // another worker registered one first: use the fleet's
      stored = vault.read(path);
      if (stored.isEmpty()) {
        throw ApplicationFailure.newFailure("the ACME account at " + path + " vanished while it was created; retried",
            FailureTypes.CERTIFICATE_NOT_ISSUED);
      }
    }
    Map<String, String> entry = stored.get();
    try {
      KeyPair key = KeyPairUtils.readKeyPair(new StringReader(entry.getOrDefault(VaultPaths.KEY, "")));
      return session.login(new URI(entry.getOrDefault(VaultPaths.LOCATION, "")).toURL(), key);
    } catch (IOException | URISyntaxException | IllegalArgumentException | NullPointerException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Vault entry " + path + " is not an ACME account (" + VaultPaths.KEY + ": a PEM key pair, "
              + VaultPaths.LOCATION + ": the account URL): delete it, and the next issue registers a new account",
          FailureTypes.CERTIFICATE_NOT_ISSUED);
    }
  }

  private static String pem(KeyPair key) {
    StringWriter out = new StringWriter();
    try {
      KeyPairUtils.writeKeyPair(key, out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the ACME account key as PEM", e);
    }
    return out.toString();
  }

  // ---------------------------------------------------------------- challenges

  private void authorize(Authorization authorization, Runnable heartbeat) throws AcmeException, InterruptedException {
    if (authorization.getStatus() == Status.VALID) {
      return;
    }
    String domain = authorization.getIdentifier().getDomain();
    Challenge challenge = authorization.findChallenge(settings.challenge())
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
            "the ACME CA " + settings.directory() + " offers no " + settings.challenge() + " challenge for " + domain
                + ": configure another challenge type", FailureTypes.CERTIFICATE_NOT_ISSUED));
    AcmeChallenge published = challenge instanceof Dns01Challenge dns
        ? new AcmeChallenge(dns.getType(), domain, dns.getJSON().get("token").asString(), null,
            dns.getRRName(authorization.getIdentifier()), dns.getDigest())
        : new AcmeChallenge(challenge.getType(), domain, ((Http01Challenge) challenge).getToken(),
            ((Http01Challenge) challenge).getAuthorization(), null, null);
    String what = "the " + challenge.getType() + " validation of " + domain + " by " + settings.directory();
    responder.present(published, heartbeat);
    boolean validated = false;
    try {
      challenge.trigger();
      Status status = await(authorization, Set.of(Status.VALID), what, heartbeat);
      if (status != Status.VALID) {
        throw ApplicationFailure.newNonRetryableFailure(
            what + " failed: " + problem(challenge.getError()) + "; check the " + settings.challenge() + " hook",
            FailureTypes.CERTIFICATE_NOT_ISSUED);
      }
      validated = true;
    } finally {
      try {
        responder.cleanup(published, heartbeat);
      } catch (RuntimeException e) {
        // a failed validation says more than a failed cleanup after it
        if (validated) {
          throw e;
        }
      }
    }
  }

  // ---------------------------------------------------------------- polling

  /** Polls until the resource reaches one of {@code done} or fails, within the validation timeout. */
  private Status await(PollableResource resource, Set<Status> done, String what, Runnable heartbeat)
      throws AcmeException, InterruptedException {
    Instant deadline = Instant.now().plus(settings.validationTimeout());
    while (true) {
      Optional<Instant> retryAfter = resource.fetch();
      Status status = resource.getStatus();
      if (done.contains(status) || status == Status.INVALID || status == Status.REVOKED
          || status == Status.DEACTIVATED || status == Status.EXPIRED) {
        return status;
      }
      Instant now = Instant.now();
      if (now.isAfter(deadline)) {
        throw ApplicationFailure.newFailure(
            "waited " + settings.validationTimeout() + " for " + what + ", still " + status + "; retried later",
            FailureTypes.CERTIFICATE_NOT_ISSUED);
      }
      heartbeat.run();
      Duration wait = retryAfter.map(t -> Duration.between(now, t)).orElse(settings.pollInterval());
      if (wait.compareTo(settings.pollInterval()) > 0) {
        wait = settings.pollInterval();
      }
      Thread.sleep(Math.max(100, wait.toMillis()));
    }
  }

  private static void require(Order order, Status status, Status one, Status other, String what) {
    if (status != one && status != other) {
      throw ApplicationFailure.newNonRetryableFailure(
          what + " ended " + status + ": " + problem(order.getError()), FailureTypes.CERTIFICATE_NOT_ISSUED);
    }
  }

  private static String problem(Optional<Problem> problem) {
    return problem.map(p -> p.getDetail().orElse(p.getType().toString())).orElse("the CA gave no reason");
  }

  /** The generic provider, with the directory's TLS trusted from the configured CA certificates. */
  private static final class TrustingProvider extends GenericAcmeProvider {
    private final SSLContext tls;

    TrustingProvider(SSLContext tls) {
      this.tls = tls;
    }

    @Override
    public HttpClient createHttpClient(NetworkSettings network) {
      HttpClient.Builder builder = HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NORMAL)
          .connectTimeout(network.getTimeout())
          .proxy(network.getProxySelector());
      if (network.getAuthenticator() != null) {
        builder.authenticator(network.getAuthenticator());
      }
      if (tls != null) {
        builder.sslContext(tls);
      }
      return builder.build();
    }
  }

  @Override
  public String toString() {
    return "AcmeIssuer[" + settings.directory() + ", " + settings.challenge() + ", " + responder + "]";
  }
}
