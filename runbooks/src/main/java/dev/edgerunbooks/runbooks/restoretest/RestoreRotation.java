package dev.edgerunbooks.runbooks.restoretest;

import dev.edgerunbooks.runbooks.IsoWeek;
import dev.edgerunbooks.runbooks.fleet.GuestDefinition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Which guests of a store are due for a restore test in a week. Pure and deterministic: the same store,
 * guests, rotation and week always give the same selection, on any JVM, so a rerun tests the same guests.
 *
 * <p>A store's guests, in VMID order, are dealt evenly over the {@code N} weeks of the rotation (guest
 * {@code i} of {@code n} goes to week {@code floor(i * N / n)}), so every guest is selected exactly once in
 * any {@code N} consecutive weeks and a week takes {@code floor(n / N)} or {@code ceil(n / N)} of them.
 * Each store's rotation starts at an offset taken from a SHA-256 hash of its id, so the stores' busy weeks
 * are spread over the fleet instead of all falling on the same week.
 *
 * <p>Adding or removing a guest re-deals the store's guests: in the week of the change a guest may move to a
 * later week of the rotation, so it can wait up to {@code 2N - 1} weeks once.
 */
public final class RestoreRotation {
  private RestoreRotation() {}

  /** The guests of {@code storeId} due in {@code week}, in VMID order. */
  public static List<GuestDefinition> due(String storeId, List<GuestDefinition> guests, int rotationWeeks, IsoWeek week) {
    return due(storeId, guests, rotationWeeks, week.index());
  }

  /**
   * The guests of {@code storeId} due in the week with index {@code weekIndex} ({@link IsoWeek#index()}),
   * in VMID order; {@code guests} may come in any order.
   */
  public static List<GuestDefinition> due(String storeId, List<GuestDefinition> guests, int rotationWeeks, long weekIndex) {
    if (rotationWeeks < 1) {
      throw new IllegalArgumentException("rotationWeeks must be at least 1, not " + rotationWeeks);
    }
    List<GuestDefinition> sorted = guests.stream().sorted(Comparator.comparingInt(GuestDefinition::vmid)).toList();
    int turn = (int) Math.floorMod(weekIndex + offset(storeId, rotationWeeks), (long) rotationWeeks);
    return IntStream.range(0, sorted.size())
        .filter(i -> (int) ((long) i * rotationWeeks / sorted.size()) == turn)
        .mapToObj(sorted::get)
        .toList();
  }

  /** Where the store's rotation starts, {@code 0} to {@code rotationWeeks - 1}. */
  public static int offset(String storeId, int rotationWeeks) {
    return (int) Math.floorMod(stableHash(storeId), (long) rotationWeeks);
  }

  // The first 8 bytes of SHA-256 over the UTF-8 id: fixed by the standard, unlike String.hashCode's use.
  static long stableHash(String storeId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(storeId.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
