package dev.edgerunbooks.workers.central;

import java.util.Set;

/** The port to earlier restore-test reports: which guests to test again because their last test failed. */
@FunctionalInterface
public interface RestoreTestFailures {
  /** No report yet: nothing to test again. */
  RestoreTestFailures NONE = week -> Set.of();

  /**
   * The guests, as {@code store/vmid}, whose test failed in the latest run of a week before {@code week}.
   *
   * @param week the week being planned, {@code 2026-W48}
   */
  Set<String> failedBefore(String week);
}
