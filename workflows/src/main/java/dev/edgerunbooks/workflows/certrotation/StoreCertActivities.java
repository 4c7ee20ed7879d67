package dev.edgerunbooks.workflows.certrotation;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * A store's certificate steps, run by the store's own worker. Key material moves only between the
 * issuer, Vault and the node, inside these activities. Every step is check-then-act.
 */
@ActivityInterface(namePrefix = "Cert")
public interface StoreCertActivities {
  /** What each node serves now, from {@code GET /nodes/{node}/certificates/info}. */
  List<ServedCertificate> inspect(String storeId);

  /**
   * Issues a certificate for the node (its host names and address) and holds it, with its key, in
   * Vault as the node's pending certificate. A pending certificate that is still valid is returned
   * again rather than a second one issued.
   */
  IssuedCertificate issue(String storeId, String node, CertIssuer issuer);

  /**
   * Adds the pending certificate's fingerprint to the node's pins (beside the current one), then
   * uploads it with its key through {@code POST /nodes/{node}/certificates/custom} with restart.
   * Does nothing when the node already has it installed.
   */
  void deploy(String storeId, String node, String fingerprint);

  /**
   * The fingerprint the node serves in a TLS handshake, waiting up to a minute for it to become
   * {@code expected} (the proxy restarts after an upload).
   */
  String servedFingerprint(String storeId, String node, String expected);

  /** The new certificate is proven: it becomes the node's only pin and current certificate in Vault; the previous key is dropped. */
  void promote(String storeId, String node, String fingerprint);

  /**
   * Puts back what the node served before the pending certificate: the previous custom
   * certificate from Vault, or the node's default by deleting the custom one; drops the pending
   * certificate and its pin. Returns the fingerprint the node should serve again.
   */
  String restorePrevious(String storeId, String node);
}
