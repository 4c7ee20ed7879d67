package dev.edgerunbooks.activities.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgerunbooks.workflows.patch.SloMetric;
import dev.edgerunbooks.workflows.patch.StoreSlo;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Store SLOs from Prometheus' HTTP API ({@code POST /api/v1/query}): per SLO one query for a whole
 * chunk of stores, {@code avg_over_time(edge_ttfb_p95_seconds{store=~"a|b"}[3600s])} evaluated at the
 * window's end, so the value is the window's average; the running bundles from {@code
 * edge_bundle_info} now. Stores are chunked so no regex grows past {@link #MAX_REGEX_CHARS}.
 */
public final class PromQlSloSource implements SloSource {
  static final int MAX_REGEX_CHARS = 8_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final SloMetricNames names;
  private final SloHttp http;

  /** @param prometheus Prometheus' base URL, e.g. {@code http://prometheus:9090} */
  public PromQlSloSource(URI prometheus, SloMetricNames names, Duration timeout) {
    String s = prometheus.toString();
    this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    this.names = names;
    this.http = new SloHttp(timeout);
  }

  public PromQlSloSource(URI prometheus) {
    this(prometheus, SloMetricNames.defaults(), Duration.ofSeconds(30));
  }

  @Override
  public List<StoreSlo> read(List<String> stores, Instant from, Instant to) {
    long seconds = Math.max(1, Duration.between(from, to).toSeconds());
    Map<String, Map<SloMetric, Double>> values = new LinkedHashMap<>();
    stores.forEach(s -> values.put(s, new EnumMap<>(SloMetric.class)));
    for (List<String> chunk : chunks(stores)) {
      String selector = "{" + names.storeLabel() + "=~\"" + regex(chunk) + "\"}";
      for (SloMetric metric : SloMetric.values()) {
        String query = "avg_over_time(" + names.name(metric) + selector + "[" + seconds + "s])";
        for (JsonNode series : query(query, to)) {
          String store = series.path("metric").path(names.storeLabel()).asText(null);
          Double value = value(series.path("value"));
          if (store != null && value != null && values.containsKey(store)) {
            values.get(store).put(metric, value);
          }
        }
      }
    }
    List<StoreSlo> out = new ArrayList<>();
    values.forEach((store, v) -> out.add(new StoreSlo(store, v)));
    return out;
  }

  @Override
  public Map<String, String> runningBundles(List<String> stores) {
    Map<String, String> bundles = new LinkedHashMap<>();
    for (List<String> chunk : chunks(stores)) {
      String query = names.bundleInfo() + "{" + names.storeLabel() + "=~\"" + regex(chunk) + "\"}";
      for (JsonNode series : query(query, null)) {
        Double value = value(series.path("value"));
        if (value != null && value > 0) {
          SloHttp.keepNewest(bundles, series.path("metric").path(names.storeLabel()).asText(null), series.path("metric").path("version").asText(null));
        }
      }
    }
    return bundles;
  }

  /** The series of an instant query's vector result. */
  private List<JsonNode> query(String promql, Instant time) {
    String form = "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
        + (time == null ? "" : "&time=" + time.getEpochSecond() + (time.getNano() == 0 ? "" : "." + String.format("%09d", time.getNano())));
    String what = "Prometheus at " + base + " (query " + abbreviate(promql) + ")";
    String body = http.send(
        HttpRequest.newBuilder(URI.create(base + "/api/v1/query"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form)),
        what);
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(what + " answered something that is not JSON; retried", UNAVAILABLE);
    }
    if (!"success".equals(root.path("status").asText())) {
      throw ApplicationFailure.newFailure(
          what + " answered " + root.path("errorType").asText("an error") + ": " + root.path("error").asText("") + "; retried", UNAVAILABLE);
    }
    JsonNode data = root.path("data");
    if (!"vector".equals(data.path("resultType").asText())) {
      throw ApplicationFailure.newNonRetryableFailure(
          what + " gave a " + data.path("resultType").asText("missing") + " result, not a vector", INVALID);
    }
    List<JsonNode> out = new ArrayList<>();
    data.path("result").forEach(out::add);
    return out;
  }

  /** A sample {@code [time, "value"]}; null when missing or not a finite number. */
  private static Double value(JsonNode sample) {
    if (!sample.isArray() || sample.size() < 2) {
      return null;
    }
    try {
      double v = Double.parseDouble(sample.get(1).asText());
      return Double.isFinite(v) ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The stores in chunks whose regex stays under {@link #MAX_REGEX_CHARS}. */
  static List<List<String>> chunks(List<String> stores) {
    List<List<String>> out = new ArrayList<>();
    List<String> current = new ArrayList<>();
    int length = 0;
    for (String s : stores) {
      int add = regex(List.of(s)).length() + 1;
      if (!current.isEmpty() && length + add > MAX_REGEX_CHARS) {
        out.add(current);
        current = new ArrayList<>();
        length = 0;
      }
      current.add(s);
      length += add;
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }

  /**
   * The stores as an alternation of literal regexes inside a PromQL double-quoted string: regex
   * metacharacters escaped with a backslash, which the string itself escapes again.
   */
  static String regex(List<String> stores) {
    List<String> parts = new ArrayList<>();
    for (String s : stores) {
      StringBuilder b = new StringBuilder();
      for (char c : s.toCharArray()) {
        if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
          b.append("\\\\");
        } else if (c == '"') {
          b.append('\\');
        }
        b.append(c);
      }
      parts.add(b.toString());
    }
    return String.join("|", parts);
  }

  private static String abbreviate(String s) {
    return s.length() <= 160 ? s : s.substring(0, 160) + "…";
  }
}
