package dev.edgerunbooks.workflows.certrotation;

import java.util.List;

public record CertRotationPlan(CertPolicy policy, List<CertStore> stores) {
  public CertRotationPlan {
    stores = List.copyOf(stores);
  }
}
