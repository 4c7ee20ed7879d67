package dev.edgerunbooks.activities.certrotation;

import dev.edgerunbooks.activities.Waits;
import dev.edgerunbooks.activities.certrotation.NodeCertificates.Pins;
import dev.edgerunbooks.activities.certs.CertificateIssuer;
import dev.edgerunbooks.activities.certs.NewCertificate;
import dev.edgerunbooks.activities.proxmox.CertificateInfo;
import dev.edgerunbooks.activities.proxmox.PveClient;
import dev.edgerunbooks.activities.proxmox.ServedLeaf;
import dev.edgerunbooks.activities.store.NodeEndpoint;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.activities.vault.VaultKv;
import dev.edgerunbooks.workflows.certrotation.CertIssuer;
import dev.edgerunbooks.workflows.certrotation.IssuedCertificate;
import dev.edgerunbooks.workflows.certrotation.ServedCertificate;
import dev.edgerunbooks.workflows.certrotation.StoreCertActivities;
import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store's certificate steps against its nodes' PVE API, run by the store's own worker. The new
 * key goes from the issuer to Vault ({@code certificate-pending}) and from Vault to the node, never
 * into a payload. The node's pins in Vault ({@code current}, and {@code next} while deploying) are
 * what every client of the store trusts, so the workers keep working through the switch.
 *
 * <p>Each step checks before it acts: a valid pending certificate is deployed rather than a second
 * one issued, a node that has the certificate already is not sent it again, a promotion or
 * restoration already done is not done again. Uploads and deletes go through another node of the
 * cluster (PVE proxies {@code /nodes/{node}/…}), so the answer is not cut off by the restart of the
 * node being changed.
 */
public final class StoreCertActivitiesImpl implements StoreCertActivities {
  private static final String CUSTOM = "pveproxy-ssl.pem";
  private static final String DEFAULT = "pve-ssl.pem";

  private final StoreClients store;
  private final NodeCertificates vault;
  private final Map<CertIssuer, CertificateIssuer> issuers = new EnumMap<>(CertIssuer.class);
  private final StoreCertSettings settings;
  private final Clock clock;

  /** @param issuers the issuers this worker can use (Vault PKI, ACME); a policy naming another fails */
  public StoreCertActivitiesImpl(StoreClients store, VaultKv vault, List<CertificateIssuer> issuers, StoreCertSettings settings) {
    this(store, vault, issuers, settings, Clock.systemUTC());
  }

  public StoreCertActivitiesImpl(
      StoreClients store, VaultKv vault, List<CertificateIssuer> issuers, StoreCertSettings settings, Clock clock) {
    this.store = store;
    this.vault = new NodeCertificates(vault);
    issuers.forEach(i -> this.issuers.put(i.kind(), i));
    this.settings = settings;
    this.clock = clock;
  }

  // ---------------------------------------------------------------- inspect

  @Override
  public List<ServedCertificate> inspect(String storeId) {
    store.requireStore(storeId);
    PveClient pve = store.pve();
    List<ServedCertificate> out = new ArrayList<>();
    for (NodeEndpoint node : store.endpoints().nodes()) {
      CertificateInfo served = CertificateInfo.served(pve.certificates(node.name()));
      if (served == null) {
        throw ApplicationFailure.newFailure(
            "node " + node.name() + " of store " + storeId + " lists neither " + CUSTOM + " nor " + DEFAULT
                + " in /nodes/" + node.name() + "/certificates/info; retried", FailureTypes.API_SERVER_ERROR);
      }
      String fingerprint = NodeCertificates.display(served.fingerprint());
      boolean custom = CUSTOM.equals(served.filename());
      boolean restorable = !custom
          || vault.current(storeId, node.name()).map(c -> c.fingerprint().equals(fingerprint)).orElse(false);
      out.add(new ServedCertificate(node.name(), fingerprint, served.subject(), served.issuer(),
          epoch(served.notbefore()), epoch(served.notafter()), custom, restorable));
    }
    return out;
  }

  // ---------------------------------------------------------------- issue

  @Override
  public IssuedCertificate issue(String storeId, String node, CertIssuer issuer) {
    store.requireStore(storeId);
    NodeEndpoint endpoint = store.node(node);
    Optional<NewCertificate> pending = vault.pending(storeId, node);
    if (pending.isPresent() && reusable(pending.get(), issuer)) {
      return pending.get().issued(node);
    }
    CertificateIssuer signer = issuers.get(issuer);
    if (signer == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the worker of store " + storeId + " has no " + issuer + " issuer configured (it has " + issuers.keySet()
              + "): configure it, or change the issuer in rotation.yaml", FailureTypes.CERTIFICATE_NOT_ISSUED);
    }
    NewCertificate issued = signer.issue(settings.request(storeId, endpoint), Waits::heartbeat);
    vault.writePending(storeId, node, issued);
    return issued.issued(node);
  }

  /** A pending certificate of the issuer asked for, valid now and issued recently enough to deploy. */
  private boolean reusable(NewCertificate pending, CertIssuer issuer) {
    Instant now = clock.instant();
    return pending.issuer() == issuer
        && !now.isBefore(pending.notBefore().minus(Duration.ofMinutes(5)))
        && now.isBefore(pending.notAfter())
        && Duration.between(pending.notBefore(), now).compareTo(settings.pendingReuse()) < 0;
  }

  // ---------------------------------------------------------------- deploy

  @Override
  public void deploy(String storeId, String node, String fingerprint) {
    store.requireStore(storeId);
    NodeEndpoint endpoint = store.node(node);
    String wanted = NodeCertificates.display(fingerprint);
    PveClient pve = store.pveExcept(node);
    Optional<CertificateInfo> installed = file(pve, node, CUSTOM);
    Optional<NewCertificate> pending = vault.pending(storeId, node);
    if (pending.isEmpty() || !pending.get().fingerprint().equals(wanted)) {
      if (installed.map(c -> NodeCertificates.display(c.fingerprint()).equals(wanted)).orElse(false)) {
        return; // deployed, and promoted or restored since
      }
      throw ApplicationFailure.newNonRetryableFailure(
          "Vault holds no pending certificate " + wanted + " for node " + node + " of store " + storeId
              + ": issue one first", FailureTypes.INVALID_REQUEST);
    }
    Pins pins = vault.pins(storeId, endpoint);
    if (!wanted.equals(pins.next()) && !wanted.equals(pins.current())) {
      // trusted beside the current one before the node serves it
      vault.writePins(storeId, node, new Pins(pins.current(), wanted));
    }
    if (installed.map(c -> NodeCertificates.display(c.fingerprint()).equals(wanted)).orElse(false)) {
      return;
    }
    NewCertificate c = pending.get();
    pve.uploadCustomCertificate(node, c.chainPem(), c.keyPem(), true, true);
  }

  // ---------------------------------------------------------------- the handshake

  @Override
  public String servedFingerprint(String storeId, String node, String expected) {
    store.requireStore(storeId);
    NodeEndpoint endpoint = store.node(node);
    String wanted = NodeCertificates.display(expected);
    Instant deadline = clock.instant().plus(settings.servedTimeout());
    String seen = null;
    IOException lastError = null;
    while (true) {
      try {
        seen = ServedLeaf.fingerprint(endpoint.endpoint(), settings.handshakeTimeout()).display();
        if (seen.equals(wanted)) {
          return seen;
        }
      } catch (IOException e) {
        lastError = e; // restarting
      }
      if (!clock.instant().isBefore(deadline)) {
        break;
      }
      Waits.heartbeat();
      Waits.pause(settings.servedPollInterval());
    }
    if (seen != null) {
      return seen;
    }
    throw ApplicationFailure.newFailure(
        "node " + node + " of store " + storeId + " made no TLS handshake at " + endpoint.endpoint() + " within "
            + settings.servedTimeout() + " (" + lastError + "); retried", FailureTypes.STORE_UNREACHABLE);
  }

  // ---------------------------------------------------------------- promote

  @Override
  public void promote(String storeId, String node, String fingerprint) {
    store.requireStore(storeId);
    String wanted = NodeCertificates.display(fingerprint);
    Optional<NewCertificate> pending = vault.pending(storeId, node);
    if (pending.isPresent() && pending.get().fingerprint().equals(wanted)) {
      vault.replaceCurrent(storeId, node, pending.get());
      vault.writePins(storeId, node, new Pins(wanted, null));
      vault.deletePending(storeId, node);
      return;
    }
    if (vault.current(storeId, node).map(c -> c.fingerprint().equals(wanted)).orElse(false)) {
      Pins pins = vault.pins(storeId, store.node(node));
      if (!wanted.equals(pins.current()) || pins.next() != null) {
        vault.writePins(storeId, node, new Pins(wanted, null));
      }
      return; // promoted by an earlier attempt
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "Vault holds no pending certificate " + wanted + " for node " + node + " of store " + storeId + " to promote",
        FailureTypes.INVALID_REQUEST);
  }

  // ---------------------------------------------------------------- restore

  @Override
  public String restorePrevious(String storeId, String node) {
    store.requireStore(storeId);
    NodeEndpoint endpoint = store.node(node);
    Pins pins = vault.pins(storeId, endpoint);
    String previous = pins.current();
    PveClient pve = store.pveExcept(node);
    List<CertificateInfo> files = pve.certificates(node);
    Optional<CertificateInfo> custom = file(files, CUSTOM);
    Optional<CertificateInfo> own = file(files, DEFAULT);
    Optional<NewCertificate> deployed = vault.current(storeId, node);
    if (deployed.isPresent() && deployed.get().fingerprint().equals(previous)) {
      // installed already: put back by an earlier attempt (with a restart), so it is served or about to be
      if (!custom.map(c -> NodeCertificates.display(c.fingerprint()).equals(previous)).orElse(false)) {
        NewCertificate c = deployed.get();
        pve.uploadCustomCertificate(node, c.chainPem(), c.keyPem(), true, true);
      }
    } else if (own.map(c -> NodeCertificates.display(c.fingerprint()).equals(previous)).orElse(false)) {
      if (custom.isPresent()) {
        pve.deleteCustomCertificate(node, true);
      }
    } else {
      throw ApplicationFailure.newNonRetryableFailure(
          "node " + node + " of store " + storeId + " served " + previous + " before, which is neither its own "
              + DEFAULT + (own.map(c -> " (" + NodeCertificates.display(c.fingerprint()) + ")").orElse(""))
              + " nor a certificate Vault holds with its key: it cannot be put back; install a certificate by hand"
              + " and write it to Vault's nodes/" + node + "/certificate", FailureTypes.CERTIFICATE_NOT_RESTORABLE);
    }
    if (pins.next() != null) {
      vault.writePins(storeId, node, new Pins(previous, null));
    }
    vault.deletePending(storeId, node);
    return previous;
  }

  // ---------------------------------------------------------------- helpers

  private static Optional<CertificateInfo> file(PveClient pve, String node, String filename) {
    return file(pve.certificates(node), filename);
  }

  private static Optional<CertificateInfo> file(List<CertificateInfo> files, String filename) {
    return files.stream().filter(c -> filename.equals(c.filename())).findFirst();
  }

  private static Instant epoch(Long seconds) {
    return seconds == null ? null : Instant.ofEpochSecond(seconds);
  }

  @Override
  public String toString() {
    return "StoreCertActivitiesImpl[" + store.storeId() + ", issuers " + issuers.keySet() + "]";
  }
}
