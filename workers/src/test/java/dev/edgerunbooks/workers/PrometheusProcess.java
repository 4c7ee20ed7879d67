package dev.edgerunbooks.workers;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus (Debian's {@code prometheus} package) as a child process on a free loopback
 * port, with its own data folder, scraping one target every second.
 */
final class PrometheusProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path dir;
  private final URI url;

  private PrometheusProcess(Process process, Path dir, URI url) {
    this.process = process;
    this.dir = dir;
    this.url = url;
  }

  /** {@code prometheus} on the PATH, if installed. */
  static Optional<Path> binary() {
    return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
        .map(d -> Path.of(d, "prometheus"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Fails when CI runs without it (CI must test against the real thing), else skips the test. */
  static void assumeInstalled() {
    if (binary().isPresent()) {
      return;
    }
    String why = "prometheus is not installed: the PromQL health gate is tested against a real Prometheus"
        + " (Debian's package: apt-get install prometheus)";
    if (System.getenv("CI") != null) {
      fail(why + "; CI must run this test (.ci/run installs it)");
    }
    System.out.println("skipped: " + why);
    Assumptions.assumeTrue(false, why);
  }

  /**
   * Starts Prometheus on {@code 127.0.0.1:<free port>} scraping {@code target}'s {@code /metrics}
   * every second, keeping the target's own labels ({@code honor_labels}), and waits until it is ready.
   */
  static PrometheusProcess start(String target) {
    Path binary = binary().orElseThrow(() -> new IllegalStateException("prometheus is not installed"));
    int port = EndToEnd.freePort();
    Path dir = EndToEnd.tempDir("edge-prometheus");
    try {
      Files.writeString(
          dir.resolve("prometheus.yml"),
          String.join(
              "\n",
              "global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}",
              "scrape_configs:",
              "  - job_name: edge-lab",
              "    honor_labels: true",
              "    metrics_path: /metrics",
              "    static_configs: [{targets: [\"" + target + "\"]}]",
              ""));
      Process process =
          new ProcessBuilder(
                  binary.toString(),
                  "--web.listen-address=127.0.0.1:" + port,
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--config.file=" + dir.resolve("prometheus.yml"))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("prometheus.log").toFile())
              .start();
      PrometheusProcess prometheus = new PrometheusProcess(process, dir, URI.create("http://127.0.0.1:" + port));
      prometheus.awaitReady(Duration.ofSeconds(30));
      return prometheus;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI url() {
    return url;
  }

  private void awaitReady(Duration timeout) {
    try {
      EndToEnd.await("prometheus at " + url + " to be ready", timeout, () -> {
        if (!process.isAlive()) {
          throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n" + log());
        }
        return ready();
      });
    } catch (AssertionError | IllegalStateException e) {
      String log = log();
      close();
      throw new IllegalStateException(e.getMessage() + "\n" + log, e);
    }
  }

  private boolean ready() {
    try {
      return HTTP.send(HttpRequest.newBuilder(url.resolve("/-/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for prometheus", e);
    }
  }

  /** The series of an instant query, evaluated at {@code time} (now when null). */
  List<JsonNode> query(String promql, Instant time) {
    String form = "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
        + (time == null ? "" : String.format(Locale.ROOT, "&time=%d.%03d", time.getEpochSecond(), time.getNano() / 1_000_000));
    try {
      HttpResponse<String> r = HTTP.send(
          HttpRequest.newBuilder(url.resolve("/api/v1/query"))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode root = EndToEnd.JSON.readTree(r.body());
      if (!"success".equals(root.path("status").asText())) {
        throw new AssertionError("prometheus answered " + r.body() + " to " + promql);
      }
      List<JsonNode> out = new ArrayList<>();
      root.path("data").path("result").forEach(out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The value of a single-series instant query; null when it has none. */
  Double value(String promql, Instant time) {
    List<JsonNode> series = query(promql, time);
    return series.isEmpty() ? null : Double.valueOf(series.get(0).path("value").get(1).asText());
  }

  String log() {
    try {
      String text = Files.readString(dir.resolve("prometheus.log"));
      return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind
    }
  }
}
