package dev.edgerunbooks.workflows.patch;

import java.time.Duration;

/** Defaults of the incident runbooks, started by hand without a plan. */
final class IncidentDefaults {
  static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(2);

  private IncidentDefaults() {}

  static Duration responseTimeout(Duration given) {
    return given == null || given.isZero() ? RESPONSE_TIMEOUT : given;
  }
}
