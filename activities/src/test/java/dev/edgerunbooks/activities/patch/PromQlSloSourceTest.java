package dev.edgerunbooks.activities.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.edgerunbooks.workflows.patch.SloMetric;
import dev.edgerunbooks.workflows.patch.StoreSlo;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a fake Prometheus answering {@code /api/v1/query} with the real response shape: it reads the
 * selector's store regex like Prometheus would and answers one sample per matching store.
 */
class PromQlSloSourceTest {
  static final Pattern SELECTOR = Pattern.compile("^(avg_over_time\\()?([a-z0-9_]+)\\{store=~\"(.*)\"\\}(\\[(\\d+)s\\]\\))?$");

  HttpServer server;
  final List<Map<String, String>> queries = new ArrayList<>();
  final Map<String, Map<String, String>> values = new HashMap<>(); // metric -> store -> value
  volatile int status = 200;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/query", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> form = new HashMap<>();
      for (String pair : body.split("&")) {
        int eq = pair.indexOf('=');
        form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
      synchronized (queries) {
        queries.add(form);
      }
      String answer;
      if (status != 200) {
        answer = "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"storage is down\"}";
      } else {
        answer = answer(form.get("query"), form.get("time"));
      }
      byte[] out = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, out.length);
      exchange.getResponseBody().write(out);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  String answer(String query, String time) {
    Matcher m = SELECTOR.matcher(query);
    if (!m.matches()) {
      return "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}";
    }
    // the PromQL string unescaped once, then used as the regex it is
    Pattern stores = Pattern.compile(m.group(3).replace("\\\\", "\\"));
    double t = time == null ? 1.7e9 : Double.parseDouble(time);
    List<String> series = new ArrayList<>();
    values.getOrDefault(m.group(2), Map.of()).forEach((store, v) -> {
      if (!stores.matcher(store).matches()) {
        return;
      }
      String[] parts = v.split("@");
      String labels = "\"store\":\"" + store + "\"" + (parts.length > 1 ? ",\"version\":\"" + parts[1] + "\"" : "");
      series.add("{\"metric\":{" + labels + "},\"value\":[" + t + ",\"" + parts[0] + "\"]}");
    });
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + String.join(",", series) + "]}}";
  }

  PromQlSloSource source() {
    return new PromQlSloSource(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), SloMetricNames.defaults(), Duration.ofSeconds(5));
  }

  @Test
  void oneQueryPerSloForTheWholeStoreSetAveragedOverTheWindowAtItsEnd() {
    values.put("edge_ttfb_p95_seconds", Map.of("store-0001", "0.18", "store-0002", "0.31", "store-0003", "0.2"));
    values.put("edge_cache_hit_ratio", Map.of("store-0001", "0.93", "store-0002", "NaN"));
    Instant from = Instant.parse("2026-11-24T10:00:00Z");
    Instant to = Instant.parse("2026-11-24T11:00:00Z");

    List<StoreSlo> slos = source().read(List.of("store-0001", "store-0002", "store.0009"), from, to);

    assertThat(slos).extracting(StoreSlo::storeId).containsExactly("store-0001", "store-0002", "store.0009");
    assertThat(slos.get(0).values()).containsEntry(SloMetric.TTFB_P95, 0.18).containsEntry(SloMetric.CACHE_HIT_RATIO, 0.93).hasSize(2);
    assertThat(slos.get(1).values()).containsOnlyKeys(SloMetric.TTFB_P95);
    assertThat(slos.get(2).values()).isEmpty();
    assertThat(queries).hasSize(SloMetric.values().length);
    assertThat(queries.get(0).get("query"))
        .isEqualTo("avg_over_time(edge_ttfb_p95_seconds{store=~\"store-0001|store-0002|store\\\\.0009\"}[3600s])");
    assertThat(queries.get(0).get("time")).isEqualTo(String.valueOf(to.getEpochSecond()));
  }

  @Test
  void aLargeStoreSetIsChunkedAndTheBundlesReadNow() {
    List<String> stores = IntStream.rangeClosed(1, 1500).mapToObj(i -> String.format("store-%04d", i)).toList();
    Map<String, String> info = new HashMap<>();
    stores.forEach(s -> info.put(s, "1@2026.11.0"));
    info.put("store-0002", "1@2026.10.0");
    values.put("edge_bundle_info", info);

    Map<String, String> bundles = source().runningBundles(stores);

    assertThat(bundles).hasSize(1500).containsEntry("store-0001", "2026.11.0").containsEntry("store-0002", "2026.10.0");
    assertThat(queries).hasSizeGreaterThan(1);
    assertThat(queries).allSatisfy(q -> assertThat(q.get("query").length()).isLessThan(PromQlSloSource.MAX_REGEX_CHARS + 100));
    assertThat(queries).allSatisfy(q -> assertThat(q).doesNotContainKey("time"));
  }

  @Test
  void prometheusDownIsARetryableFailureSayingSo() {
    status = 503;

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> source().read(List.of("store-0001"), Instant.EPOCH, Instant.EPOCH.plusSeconds(60)));

    assertThat(failure.getType()).isEqualTo(SloSource.UNAVAILABLE);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("Prometheus at http://127.0.0.1:", "answered HTTP 503", "storage is down");

    server.stop(0);
    ApplicationFailure refused = catchThrowableOfType(ApplicationFailure.class, () -> source().runningBundles(List.of("store-0001")));
    assertThat(refused.getType()).isEqualTo(SloSource.UNAVAILABLE);
    assertThat(refused.getOriginalMessage()).contains("did not answer");
  }
}
