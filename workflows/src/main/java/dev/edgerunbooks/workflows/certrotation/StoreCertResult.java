package dev.edgerunbooks.workflows.certrotation;

import java.util.List;

/** @param failure why the store could not be checked at all (unreachable, no worker); null when it was */
public record StoreCertResult(String storeId, List<NodeRotation> nodes, String failure) {
  public StoreCertResult {
    nodes = List.copyOf(nodes);
  }
}
