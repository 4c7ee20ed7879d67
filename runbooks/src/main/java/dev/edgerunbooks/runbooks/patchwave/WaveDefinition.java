package dev.edgerunbooks.runbooks.patchwave;

import dev.edgerunbooks.runbooks.SourceLocation;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One wave of {@code patch-wave.yaml}: either the stores it lists (usually the canary) or a size taken
 * from the stores no wave lists.
 *
 * @param stores the stores the wave lists, in the file's order; empty when it has a size
 * @param size how many stores it takes; empty when it lists its stores
 * @param concurrency stores changed at once, at most
 * @param maxFailures failed stores that halt the wave, see {@link PatchWaveDefinition#maxFailures(int, int)}
 * @param soak how long the wave's stores run on the bundle before the health gate judges them
 * @param approval whether one of the approvers must let the wave start
 * @param where the wave's entry in the file
 */
public record WaveDefinition(
    String name,
    List<String> stores,
    Optional<WaveSize> size,
    int concurrency,
    Budget maxFailures,
    Duration soak,
    boolean approval,
    SourceLocation where) {

  public WaveDefinition {
    Objects.requireNonNull(name, "name");
    stores = List.copyOf(stores);
    Objects.requireNonNull(size, "size");
    if (stores.isEmpty() == size.isEmpty()) {
      throw new IllegalArgumentException("wave " + name + " needs either stores or a size");
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
    Objects.requireNonNull(maxFailures, "maxFailures");
    Objects.requireNonNull(soak, "soak");
    Objects.requireNonNull(where, "where");
  }

  /** Whether the wave lists its stores rather than taking a size. */
  public boolean explicit() {
    return size.isEmpty();
  }
}
