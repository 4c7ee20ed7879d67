package dev.edgerunbooks.workflows.certrotation;

import java.util.List;

/** A store to check: its nodes, and the time zone its calendar is read in. */
public record CertStore(String storeId, String timeZone, List<String> nodes) {
  public CertStore {
    nodes = List.copyOf(nodes);
  }
}
