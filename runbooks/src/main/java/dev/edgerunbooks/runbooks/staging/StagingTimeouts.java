package dev.edgerunbooks.runbooks.staging;

import java.time.Duration;
import java.util.Objects;

/**
 * How long restoring onto a staging cluster may take.
 *
 * @param restore one restore task
 * @param boot from starting a restored guest until its agent answers (VM) or its network is up (container)
 */
public record StagingTimeouts(Duration restore, Duration boot) {
  /** When {@code timeouts:} (or one of its keys) is absent. */
  public static final StagingTimeouts DEFAULT = new StagingTimeouts(Duration.ofMinutes(30), Duration.ofMinutes(5));

  public StagingTimeouts {
    Objects.requireNonNull(restore, "restore");
    Objects.requireNonNull(boot, "boot");
  }
}
