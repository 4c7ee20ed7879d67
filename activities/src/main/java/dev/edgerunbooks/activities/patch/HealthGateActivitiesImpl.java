package dev.edgerunbooks.activities.patch;

import dev.edgerunbooks.activities.report.AuditBucket;
import dev.edgerunbooks.activities.report.ReportText;
import dev.edgerunbooks.workflows.patch.GateDecision;
import dev.edgerunbooks.workflows.patch.GatePolicy;
import dev.edgerunbooks.workflows.patch.GateRequest;
import dev.edgerunbooks.workflows.patch.HealthGate;
import dev.edgerunbooks.workflows.patch.HealthGateActivities;
import dev.edgerunbooks.workflows.patch.StoreJudgement;
import dev.edgerunbooks.workflows.patch.StoreSlo;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The patch wave's health gate: reads SLOs from the configured {@link SloSource} and judges them with
 * {@link HealthGate}. Every value judged goes to the audit bucket: {@code
 * patch-wave/<bundle>/wave-<n>-baseline.json} (the stores' pre-change window) and {@code
 * patch-wave/<bundle>/wave-<n>-gate.json} (every store's judgement, the peers' values, the decision).
 */
public final class HealthGateActivitiesImpl implements HealthGateActivities {
  private final SloSource source;
  private final AuditBucket bucket;
  private final Clock clock;

  public HealthGateActivitiesImpl(SloSource source, AuditBucket bucket, Clock clock) {
    this.source = source;
    this.bucket = bucket;
    this.clock = clock;
  }

  /** The stores' values over their pre-change window, as recorded. */
  public record Baseline(String bundle, int wave, Instant from, Instant to, Instant capturedAt, List<StoreSlo> stores) {}

  /** Everything one gate judged. */
  public record GateFile(
      String bundle,
      int wave,
      Instant from,
      Instant to,
      GatePolicy policy,
      GateDecision decision,
      String baselineKey,
      List<StoreJudgement> stores,
      List<StoreSlo> peers) {}

  public static String baselineKey(String bundle, int wave) {
    return "patch-wave/" + ReportText.segment("bundle", bundle) + "/wave-" + wave + "-baseline.json";
  }

  public static String gateKey(String bundle, int wave) {
    return "patch-wave/" + ReportText.segment("bundle", bundle) + "/wave-" + wave + "-gate.json";
  }

  /**
   * Records the baseline once: a retry, or a second call for the same wave, keeps the first (a
   * direct-scrape source would read other values later) and answers its count.
   */
  @Override
  public int captureBaseline(String bundle, int wave, List<String> stores, Instant from, Instant to) {
    String key = baselineKey(bundle, wave);
    Optional<Baseline> existing = read(key);
    if (existing.isPresent()) {
      return withData(existing.get().stores());
    }
    List<StoreSlo> values = source.read(stores, from, to);
    bucket.putJson(key, new Baseline(bundle, wave, from, to, clock.instant(), values));
    return withData(values);
  }

  @Override
  public GateDecision evaluate(GateRequest request) {
    String baselineKey = baselineKey(request.bundle(), request.wave());
    List<StoreSlo> baseline = read(baselineKey).map(Baseline::stores).orElse(List.of());
    List<StoreSlo> current = source.read(request.stores(), request.from(), request.to());
    List<StoreSlo> peers = request.peers().isEmpty() ? List.of() : source.read(request.peers(), request.from(), request.to());
    List<StoreSlo> peersWithData = peers.stream().filter(p -> !p.values().isEmpty()).toList();
    List<StoreJudgement> judged = HealthGate.judge(request.policy(), current, baseline, peersWithData);
    GateDecision decision = HealthGate.decide(request.wave(), request.policy(), judged, peersWithData.size(), clock.instant());
    String key = gateKey(request.bundle(), request.wave());
    bucket.putJson(key, new GateFile(
        request.bundle(), request.wave(), request.from(), request.to(), request.policy(), decision,
        baseline.isEmpty() ? null : baselineKey, judged, peers));
    return decision.withDetails(key);
  }

  private Optional<Baseline> read(String key) {
    try {
      return bucket.getJson(key, Baseline.class);
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          key + " in the audit bucket is not a gate baseline (" + e.getMessage() + "): remove it to capture the baseline again",
          ReportText.REPORT_INVALID);
    }
  }

  private static int withData(List<StoreSlo> stores) {
    return (int) stores.stream().filter(s -> !s.values().isEmpty()).count();
  }
}
