package dev.edgerunbooks.activities.store;

import dev.edgerunbooks.activities.proxmox.CertificatePin;
import dev.edgerunbooks.activities.proxmox.CertificatePins;

/** Where the fingerprints a store's clients trust for each PVE node come from. */
public interface PinSource {
  /** Each node pinned to the fingerprint of the fleet definition, for good. */
  PinSource FLEET = (storeId, node) -> CertificatePins.fixed(CertificatePin.parse(node.fingerprint()));

  /** The pins of one node; looked up at each handshake, not when this is called. */
  CertificatePins forNode(String storeId, NodeEndpoint node);
}
