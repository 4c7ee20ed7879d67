package dev.edgerunbooks.activities.patch;

import dev.edgerunbooks.workflows.patch.BundleVersion;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The HTTP side both SLO sources share: one call, its failures as the sources' failure types. */
final class SloHttp {
  private final HttpClient http;
  private final Duration timeout;

  SloHttp(Duration timeout) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    this.timeout = timeout;
  }

  Duration timeout() {
    return timeout;
  }

  /**
   * The body of a 2xx answer. Unreachable, timed out or 5xx: retryable {@link SloSource#UNAVAILABLE};
   * 4xx: non-retryable {@link SloSource#INVALID} with the start of the body.
   */
  String send(HttpRequest.Builder request, String what) {
    HttpResponse<String> response;
    try {
      response = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw ApplicationFailure.newFailureWithCause(
          what + " did not answer (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + "); retried: check that it is up and reachable from the central worker",
          SloSource.UNAVAILABLE, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure(what + ": interrupted", SloSource.UNAVAILABLE);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return response.body();
    }
    String body = response.body() == null ? "" : response.body().strip();
    String detail = what + " answered HTTP " + status + (body.isEmpty() ? "" : ": " + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
    if (status >= 400 && status < 500 && status != 429) {
      throw ApplicationFailure.newNonRetryableFailure(detail + "; check the configured metric names and URL", SloSource.INVALID);
    }
    throw ApplicationFailure.newFailure(detail + "; retried", SloSource.UNAVAILABLE);
  }

  /** Keeps the newest of the versions a store reports (two while its pull agents change over). */
  static void keepNewest(Map<String, String> bundles, String store, String version) {
    if (store == null || !BundleVersion.isValid(version)) {
      return;
    }
    bundles.merge(store, version, (a, b) -> BundleVersion.compare(a, b) >= 0 ? a : b);
  }
}
