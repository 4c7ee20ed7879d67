package dev.edgerunbooks.runbooks.patchwave;

import dev.edgerunbooks.workflows.patch.GatePolicy;
import dev.edgerunbooks.workflows.common.StoreCalendar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The patch wave as {@code runbooks/patch-wave.yaml} declares it; load it with {@link PatchWaveLoader},
 * which has already checked it against the fleet. {@link #assign} deals a run's stores into the waves.
 *
 * @param source the file it was read from
 * @param publicKey the pinned PEM public key bundles must be signed with (an existing file)
 * @param waves in rollout order, the first usually the canary; at least one
 * @param order how the stores no wave lists fill the sized waves
 * @param calendar when a store may be changed, in its own time zone
 * @param gate the health gate judged after each wave's soak
 * @param approvers who may approve a wave that needs it; not empty when one does
 * @param rollbackOnHalt whether a halted wave puts its changed stores back on their previous bundle
 * @param batchSize stores per batch workflow
 * @param restoreTestMaxAge a store whose last restore test failed or is older is skipped; empty: not required
 */
public record PatchWaveDefinition(
    Path source,
    Path publicKey,
    List<WaveDefinition> waves,
    StoreOrder order,
    StoreCalendar calendar,
    GatePolicy gate,
    List<String> approvers,
    boolean rollbackOnHalt,
    int batchSize,
    Optional<Duration> restoreTestMaxAge) {

  public PatchWaveDefinition {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(publicKey, "publicKey");
    waves = List.copyOf(waves);
    if (waves.isEmpty()) {
      throw new IllegalArgumentException("a patch wave needs at least one wave");
    }
    Objects.requireNonNull(order, "order");
    Objects.requireNonNull(calendar, "calendar");
    Objects.requireNonNull(gate, "gate");
    approvers = List.copyOf(approvers);
    Objects.requireNonNull(restoreTestMaxAge, "restoreTestMaxAge");
  }

  /**
   * The stores of each wave, in the order they are changed; pure and deterministic.
   *
   * <p>A wave that lists its stores gets those of them that are in the run. The other stores of the run
   * (the pool) fill the sized waves in turn: a count takes that many, a share that share of the run's
   * stores (listed ones included) rounded up, {@code rest} what is left, and none takes more than is left,
   * so a wave may be empty. The pool is in the order given with {@link StoreOrder#FLEET}, or shuffled
   * with {@link StoreOrder#SHUFFLED}: ordered by a SHA-256 of the bundle version and the store id, so the
   * same bundle always deals the same waves, another bundle others, and a store's place in the shuffle
   * does not depend on which other stores are in the run.
   *
   * @param fleetStoreIds the stores of the run: the whole fleet in fleet.yaml order, or the subset a run
   *     is limited to; each is dealt once
   * @param bundleVersion the bundle rolled out, which seeds the shuffle
   * @return one list per wave, in the order of {@link #waves()}
   */
  public List<List<String>> assign(List<String> fleetStoreIds, String bundleVersion) {
    Objects.requireNonNull(bundleVersion, "bundleVersion");
    Set<String> run = new LinkedHashSet<>(fleetStoreIds);
    Set<String> listed = waves.stream().flatMap(w -> w.stores().stream()).collect(Collectors.toSet());
    List<String> pool = new ArrayList<>(run);
    pool.removeAll(listed);
    if (order == StoreOrder.SHUFFLED) {
      pool = shuffled(pool, bundleVersion);
    }
    List<List<String>> assigned = new ArrayList<>(waves.size());
    int next = 0;
    for (WaveDefinition wave : waves) {
      if (wave.explicit()) {
        assigned.add(wave.stores().stream().filter(run::contains).toList());
      } else {
        int take = wave.size().orElseThrow().take(run.size(), pool.size() - next);
        assigned.add(List.copyOf(pool.subList(next, next + take)));
        next += take;
      }
    }
    return List.copyOf(assigned);
  }

  /** The failed stores that halt wave {@code waveIndex} when it has {@code waveSize} stores: at least 1. */
  public int maxFailures(int waveIndex, int waveSize) {
    return waves.get(waveIndex).maxFailures().resolve(waveSize);
  }

  /** Whether any wave waits for an approval. */
  public boolean needsApproval() {
    return waves.stream().anyMatch(WaveDefinition::approval);
  }

  private static List<String> shuffled(List<String> stores, String bundleVersion) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    Map<String, byte[]> keys = stores.stream().collect(Collectors.toMap(Function.identity(),
        id -> sha256.digest((bundleVersion + "\n" + id).getBytes(StandardCharsets.UTF_8))));
    Comparator<String> byKey = (a, b) -> Arrays.compareUnsigned(keys.get(a), keys.get(b));
    return stores.stream().sorted(byKey.thenComparing(Comparator.naturalOrder())).toList();
  }
}
