package dev.edgerunbooks.workflows.tokenrotation;

import java.util.List;

public record TokenRotationPlan(TokenPolicy policy, List<TokenStore> stores) {
  public TokenRotationPlan {
    stores = List.copyOf(stores);
  }
}
