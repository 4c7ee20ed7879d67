package dev.edgerunbooks.workflows.patch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Judges a wave's stores against the gate policy. Pure, so the same rules run in the gate activity,
 * in tests and in a replay of recorded values.
 */
public final class HealthGate {
  /** How many stores that did not pass a decision keeps inline; the gate file has all of them. */
  public static final int INLINE_LIMIT = 25;

  private HealthGate() {}

  public static List<StoreJudgement> judge(
      GatePolicy policy, List<StoreSlo> current, List<StoreSlo> ownBaseline, List<StoreSlo> peers) {
    Map<String, StoreSlo> own = ownBaseline.stream().collect(Collectors.toMap(StoreSlo::storeId, Function.identity(), (a, b) -> a));
    List<StoreJudgement> out = new ArrayList<>();
    for (StoreSlo store : current) {
      StoreSlo before = own.get(store.storeId());
      List<MetricJudgement> metrics = new ArrayList<>();
      for (SloObjective objective : policy.objectives()) {
        SloMetric m = objective.metric();
        Double peer = median(peers, m);
        metrics.add(
            judge(objective, store.values().get(m), before == null ? null : before.values().get(m), peer, !peers.isEmpty(), policy.noData()));
      }
      out.add(new StoreJudgement(store.storeId(), worst(metrics.stream().map(MetricJudgement::verdict).toList()), metrics));
    }
    return out;
  }

  static MetricJudgement judge(SloObjective o, Double value, Double own, Double peer, boolean peersExist, NoDataPolicy noData) {
    SloMetric m = o.metric();
    GateVerdict missing = noData == NoDataPolicy.FAIL ? GateVerdict.FAIL : GateVerdict.INCONCLUSIVE;
    if (value == null) return new MetricJudgement(m, null, own, peer, o.limit(), missing, "no data over the soak window");
    if (o.limit() != null && m.breaks(value, o.limit())) {
      return new MetricJudgement(
          m, value, own, peer, o.limit(), GateVerdict.FAIL,
          fmt(value) + (m.higherIsBetter() ? " below the limit " : " above the limit ") + fmt(o.limit()));
    }
    if (own == null) return new MetricJudgement(m, value, null, peer, o.limit(), missing, "no data for the store's own pre-change window");
    if (peersExist && peer == null) return new MetricJudgement(m, value, own, null, o.limit(), missing, "no data from the stores not yet patched");
    List<String> why = new ArrayList<>();
    GateVerdict verdict =
        worst(List.of(compare(o, value, own, "its own pre-change window", why), compare(o, value, peer, "the stores not yet patched", why)));
    String reason = why.isEmpty() ? "within limit and baselines" + (peer == null ? " (no store left unpatched to compare with)" : "") : String.join("; ", why);
    return new MetricJudgement(m, value, own, peer, o.limit(), verdict, reason);
  }

  /** The value against one baseline (none: a pass), adding why it is not a pass to {@code why}. */
  private static GateVerdict compare(SloObjective o, double value, Double baseline, String name, List<String> why) {
    if (baseline == null) return GateVerdict.PASS;
    double w = o.metric().worsening(value, baseline);
    GateVerdict v = w > o.maxWorsening() ? GateVerdict.FAIL : w > o.marginalWorsening() ? GateVerdict.INCONCLUSIVE : GateVerdict.PASS;
    if (v != GateVerdict.PASS) why.add(pct(w) + " worse than " + name + " (" + fmt(baseline) + ")");
    return v;
  }

  /** The wave's verdict from every store's judgement; only stores that did not pass are kept inline. */
  public static GateDecision decide(int wave, GatePolicy policy, List<StoreJudgement> stores, int peers, Instant at) {
    int failed = (int) stores.stream().filter(s -> s.verdict() == GateVerdict.FAIL).count();
    int inconclusive = (int) stores.stream().filter(s -> s.verdict() == GateVerdict.INCONCLUSIVE).count();
    int passed = stores.size() - failed - inconclusive;
    GateVerdict verdict;
    String reason;
    if (stores.isEmpty()) {
      verdict = GateVerdict.INCONCLUSIVE;
      reason = "no store was changed in this wave, so nothing proves the bundle healthy";
    } else if (failed > policy.maxFailingStores()) {
      verdict = GateVerdict.FAIL;
      reason = failed + " of " + stores.size() + " stores failed the gate (tolerated: " + policy.maxFailingStores() + ")";
    } else if (inconclusive > 0) {
      verdict = GateVerdict.INCONCLUSIVE;
      reason = inconclusive + " of " + stores.size() + " stores inconclusive: a human decides";
    } else {
      verdict = GateVerdict.PASS;
      reason = passed + " of " + stores.size() + " stores within their SLOs" + (failed > 0 ? " (" + failed + " failed, tolerated)" : "");
    }
    List<StoreJudgement> notPassed =
        stores.stream()
            .filter(s -> s.verdict() != GateVerdict.PASS)
            .sorted(Comparator.comparing((StoreJudgement s) -> s.verdict() != GateVerdict.FAIL).thenComparing(StoreJudgement::storeId))
            .limit(INLINE_LIMIT)
            .toList();
    return new GateDecision(wave, verdict, reason, stores.size(), passed, failed, inconclusive, peers, notPassed, at, null);
  }

  /** The median of the stores' values of one SLO, ignoring stores without data; null if none has any. */
  static Double median(List<StoreSlo> stores, SloMetric m) {
    double[] v = stores.stream().map(s -> s.values().get(m)).filter(Objects::nonNull).mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) return null;
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static GateVerdict worst(List<GateVerdict> verdicts) {
    if (verdicts.contains(GateVerdict.FAIL)) return GateVerdict.FAIL;
    return verdicts.contains(GateVerdict.INCONCLUSIVE) ? GateVerdict.INCONCLUSIVE : GateVerdict.PASS;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  private static String pct(double w) {
    return String.format(Locale.ROOT, "%.0f%%", w * 100);
  }
}
