package dev.edgerunbooks.activities.patch;

import dev.edgerunbooks.workflows.patch.SloMetric;
import dev.edgerunbooks.workflows.patch.StoreSlo;
import io.temporal.failure.ApplicationFailure;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Store SLOs scraped from each store's metrics endpoint (Prometheus text format), for a fleet without
 * a Prometheus. The URL comes from a template whose {@code {store}} is replaced, e.g. {@code
 * http://127.0.0.1:9100/metrics/{store}}.
 *
 * <p>An endpoint shows only current values, so this source ignores the window: it judges the values
 * at the moment it is asked. The baseline is therefore the values captured just before the change
 * (the gate's {@code captureBaseline}), and the soak value those at the end of the soak window.
 *
 * <p>A store whose endpoint fails has no data (the gate's no-data policy decides); when every store's
 * endpoint fails the source is taken as down and the call fails retryably.
 */
public final class MetricsEndpointSloSource implements SloSource {
  private final String urlTemplate;
  private final SloMetricNames names;
  private final SloHttp http;
  private final int concurrency;

  /**
   * @param urlTemplate with {@code {store}} where the store id goes (URL-encoded)
   * @param concurrency how many stores are scraped at once
   */
  public MetricsEndpointSloSource(String urlTemplate, SloMetricNames names, Duration timeout, int concurrency) {
    if (!urlTemplate.contains("{store}")) {
      throw new IllegalArgumentException("the metrics URL template " + urlTemplate + " has no {store}");
    }
    this.urlTemplate = urlTemplate;
    this.names = names;
    this.http = new SloHttp(timeout);
    this.concurrency = Math.max(1, concurrency);
  }

  public MetricsEndpointSloSource(String urlTemplate) {
    this(urlTemplate, SloMetricNames.defaults(), Duration.ofSeconds(10), 16);
  }

  public URI url(String store) {
    return URI.create(urlTemplate.replace("{store}", URLEncoder.encode(store, StandardCharsets.UTF_8)));
  }

  @Override
  public List<StoreSlo> read(List<String> stores, Instant from, Instant to) {
    Map<String, List<PrometheusText.Sample>> scraped = scrape(stores);
    List<StoreSlo> out = new ArrayList<>();
    for (String store : stores) {
      Map<SloMetric, Double> values = new EnumMap<>(SloMetric.class);
      for (PrometheusText.Sample s : scraped.getOrDefault(store, List.of())) {
        for (SloMetric m : SloMetric.values()) {
          if (names.name(m).equals(s.name()) && ofStore(s, store) && Double.isFinite(s.value())) {
            values.put(m, s.value());
          }
        }
      }
      out.add(new StoreSlo(store, values));
    }
    return out;
  }

  @Override
  public Map<String, String> runningBundles(List<String> stores) {
    Map<String, List<PrometheusText.Sample>> scraped = scrape(stores);
    Map<String, String> bundles = new LinkedHashMap<>();
    for (String store : stores) {
      for (PrometheusText.Sample s : scraped.getOrDefault(store, List.of())) {
        if (names.bundleInfo().equals(s.name()) && ofStore(s, store) && s.value() > 0) {
          SloHttp.keepNewest(bundles, store, s.labels().get("version"));
        }
      }
    }
    return bundles;
  }

  private boolean ofStore(PrometheusText.Sample s, String store) {
    String label = s.labels().get(names.storeLabel());
    return label == null || label.equals(store);
  }

  /** Each store's samples; a store whose endpoint failed is absent. */
  private Map<String, List<PrometheusText.Sample>> scrape(List<String> stores) {
    Map<String, List<PrometheusText.Sample>> out = new LinkedHashMap<>();
    if (stores.isEmpty()) {
      return out;
    }
    List<ApplicationFailure> failures = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, stores.size()));
    try {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (String store : stores) {
        all.add(CompletableFuture.runAsync(() -> {
          URI url = url(store);
          try {
            String body = http.send(HttpRequest.newBuilder(url).header("Accept", "text/plain").GET(), "metrics endpoint " + url + " of store " + store);
            List<PrometheusText.Sample> samples = PrometheusText.parse(body);
            synchronized (out) {
              out.put(store, samples);
            }
          } catch (ApplicationFailure e) {
            synchronized (failures) {
              failures.add(e);
            }
          }
        }, pool));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    } finally {
      pool.shutdownNow();
    }
    if (out.isEmpty() && !failures.isEmpty()) {
      ApplicationFailure first = failures.get(0);
      String message = "no store's metrics endpoint answered (" + failures.size() + " of " + stores.size() + " failed); first: "
          + first.getOriginalMessage();
      throw first.isNonRetryable()
          ? ApplicationFailure.newNonRetryableFailureWithCause(message, INVALID, first)
          : ApplicationFailure.newFailureWithCause(message, UNAVAILABLE, first);
    }
    return out;
  }
}
