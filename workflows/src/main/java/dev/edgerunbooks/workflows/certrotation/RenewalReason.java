package dev.edgerunbooks.workflows.certrotation;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Why a node's certificate is renewed. */
public enum RenewalReason {
  EXPIRES_SOON,
  TOO_OLD,
  FORCED;

  /** Whether the certificate is due under the policy, and why; empty when it is not. Expiry goes first. */
  public static Optional<RenewalReason> of(ServedCertificate served, CertPolicy policy, Instant now, boolean force) {
    if (served.left(now).compareTo(policy.renewBefore()) <= 0) return Optional.of(EXPIRES_SOON);
    if (served.age(now).compareTo(policy.maxAge()) >= 0) return Optional.of(TOO_OLD);
    return force ? Optional.of(FORCED) : Optional.empty();
  }

  /** How the report says it, e.g. "expires in 12 days (renew before 30 days)". */
  public String explain(ServedCertificate served, CertPolicy policy, Instant now) {
    return switch (this) {
      case EXPIRES_SOON -> "expires in " + days(served.left(now)) + " (renew before " + days(policy.renewBefore()) + ")";
      case TOO_OLD -> "is " + days(served.age(now)) + " old (max age " + days(policy.maxAge()) + ")";
      case FORCED -> "forced (expires in " + days(served.left(now)) + ")";
    };
  }

  static String days(Duration d) {
    long days = d.toDays();
    if (days == 0 && !d.isNegative()) return d.toHours() + " hours";
    return days == 1 ? "1 day" : days + " days";
  }
}
