package dev.edgerunbooks.activities.proxmox;

import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns what went wrong on the wire into the stable failure types workflows branch on. Each message
 * says which call failed where and what an operator should do. No message ever contains a header.
 */
final class ApiFailures {
  private ApiFailures() {}

  /**
   * @param whenRefused what to check on a 401, for the way the call authenticated (token, ticket,
   *     password)
   * @param whenLacking what to check on a 403
   */
  static ApplicationFailure forStatus(
      int status, String message, Map<String, String> errors, String call, String whenRefused, String whenLacking) {
    String server = message == null || message.isBlank() ? "" : ": " + message.strip();
    String detail = call + " answered HTTP " + status + server;
    switch (status) {
      case 401:
        return ApplicationFailure.newNonRetryableFailure(
            detail + "; " + whenRefused,
            FailureTypes.AUTH_FAILED);
      case 403:
        return ApplicationFailure.newNonRetryableFailure(
            detail + "; " + whenLacking,
            FailureTypes.PERMISSION_DENIED);
      case 400:
        return ApplicationFailure.newNonRetryableFailure(
            detail + (errors == null || errors.isEmpty() ? "" : " " + errors)
                + "; the request is wrong for this API version: fix the calling code",
            FailureTypes.BAD_REQUEST);
      case 404:
      case 501:
        return ApplicationFailure.newNonRetryableFailure(
            detail + "; no such object or route: check the name, or whether the API version supports it",
            FailureTypes.NOT_FOUND);
      case 595:
      case 596:
        return ApplicationFailure.newFailure(
            detail + "; the node could not reach the cluster node that owns the call (rebooting?): retry later",
            FailureTypes.STORE_UNREACHABLE);
      case 429:
        return ApplicationFailure.newFailure(
            detail + "; the API throttled us: retry later or lower the store's request rate",
            FailureTypes.API_SERVER_ERROR);
      default:
        if (status >= 500) {
          return ApplicationFailure.newFailure(
              detail + "; the server failed: retried, check the node's logs if it persists",
              FailureTypes.API_SERVER_ERROR);
        }
        return ApplicationFailure.newNonRetryableFailure(
            detail + "; unexpected status: fix the calling code", FailureTypes.BAD_REQUEST);
    }
  }

  static ApplicationFailure unreachable(String call, String why, Throwable cause) {
    return ApplicationFailure.newFailureWithCause(
        call + " could not reach the API (" + why + "); check the store's link and that the node is up",
        FailureTypes.STORE_UNREACHABLE,
        cause);
  }

  static ApplicationFailure pinMismatch(String where, Collection<CertificatePin> expected, CertificatePin served) {
    return ApplicationFailure.newNonRetryableFailure(
        "TLS pin mismatch at "
            + where
            + ": expected SHA-256 fingerprint "
            + either(expected)
            + " but the server presented "
            + served.display()
            + "; if the certificate was renewed update the pinned fingerprint in the fleet definition,"
            + " otherwise suspect interception",
        FailureTypes.TLS_PIN_MISMATCH);
  }

  /** One pin as {@code AA:BB:…}; several as {@code AA:… or BB:…}, in a stable order. */
  static String either(Collection<CertificatePin> pins) {
    return pins.stream().map(CertificatePin::display).sorted().collect(Collectors.joining(" or "));
  }

  /**
   * The pins of {@code where} could not be read: the pin store's own failure (its type, and whether
   * it is retried), said as what it stopped.
   */
  static ApplicationFailure pinsUnavailable(String call, RuntimeException cause) {
    if (cause instanceof ApplicationFailure failure) {
      String message = call + " could not check the node's certificate: " + failure.getOriginalMessage();
      return failure.isNonRetryable()
          ? ApplicationFailure.newNonRetryableFailure(message, failure.getType())
          : ApplicationFailure.newFailure(message, failure.getType());
    }
    return ApplicationFailure.newFailure(
        call + " could not check the node's certificate: the pinned fingerprints could not be read ("
            + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "); retried",
        FailureTypes.STORE_UNREACHABLE);
  }

  static ApplicationFailure malformed(String call, String why) {
    return ApplicationFailure.newFailure(
        call + " returned a body we cannot read (" + why + "); retried, check the API version",
        FailureTypes.API_SERVER_ERROR);
  }

  static boolean isUnreachable(ApplicationFailure failure) {
    return FailureTypes.STORE_UNREACHABLE.equals(failure.getType());
  }
}
