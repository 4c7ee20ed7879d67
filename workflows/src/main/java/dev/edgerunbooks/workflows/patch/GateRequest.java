package dev.edgerunbooks.workflows.patch;

import java.time.Instant;
import java.util.List;

/**
 * @param stores the wave's patched stores, judged over {@code [from, to]}
 * @param peers a sample of stores not yet patched, the second baseline over the same window
 */
public record GateRequest(String bundle, int wave, List<String> stores, List<String> peers, Instant from, Instant to, GatePolicy policy) {
  public GateRequest {
    stores = List.copyOf(stores);
    peers = List.copyOf(peers);
  }
}
