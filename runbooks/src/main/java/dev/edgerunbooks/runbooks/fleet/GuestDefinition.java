package dev.edgerunbooks.runbooks.fleet;

import java.time.Duration;
import java.util.Objects;

/** A guest a store runs; {@code rpo} is already resolved against the fleet default. */
public record GuestDefinition(int vmid, String name, GuestType type, String role, Duration rpo) {
  public GuestDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(rpo, "rpo");
  }
}
