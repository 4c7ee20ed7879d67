package dev.edgerunbooks.workflows.certrotation;

import dev.edgerunbooks.workflows.common.StoreCalendar;
import java.time.Duration;
import java.util.Objects;

/**
 * When a node's certificate is renewed and how, from {@code runbooks/rotation.yaml}.
 *
 * @param renewBefore renew when the certificate expires within this (default 30 days)
 * @param maxAge renew when the certificate is older than this, however long it has left (default 60 days)
 * @param escalateBefore a certificate still not renewed this close to expiry is escalated in the
 *     report (and by the alert rules on the expiry metric); shorter than {@code renewBefore}, so a
 *     failing renewal has had days of daily retries before anyone is asked to look
 * @param issuer who signs the new certificates
 * @param concurrency how many stores rotate at once
 * @param calendar when a store's nodes may restart their API proxy (outside trading hours, not in a freeze)
 */
public record CertPolicy(
    Duration renewBefore,
    Duration maxAge,
    Duration escalateBefore,
    CertIssuer issuer,
    int concurrency,
    StoreCalendar calendar) {
  public CertPolicy {
    Objects.requireNonNull(renewBefore, "renewBefore");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(escalateBefore, "escalateBefore");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(calendar, "calendar");
  }
}
