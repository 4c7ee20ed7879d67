package dev.edgerunbooks.workflows.patch;

import dev.edgerunbooks.workflows.common.StoreCalendar;

import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/** A scripted fleet for the patch wave workflows: stores with guests, bundles, snapshots and SLOs. */
final class PatchFakes {
  static final String OLD = "2026.11.0";
  static final String NEW = "2026.12.0";
  static final BundleManifest BUNDLE = new BundleManifest(NEW, Map.of("pve-manager", "9.1.3"), Map.of("pos", "4.2.0"), "ab12");
  static final GatePolicy GATE =
      new GatePolicy(
          List.of(new SloObjective(SloMetric.TTFB_P95, 0.5, 0.25, 0.6), new SloObjective(SloMetric.CACHE_HIT_RATIO, 0.8, 0.05, 0.15)),
          NoDataPolicy.PAUSE, 0, 10);

  private PatchFakes() {}

  static List<String> stores(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> String.format("store-%03d", i)).toList();
  }

  /** Waves: sizes in order; each wave's budget, concurrency and approval given per wave. */
  record WaveSpec(String name, int size, int concurrency, int maxFailures, boolean approval) {}

  static PatchWavePlan plan(List<String> fleet, List<WaveSpec> specs, StoreCalendar calendar, List<String> approvers, int batchSize) {
    List<WavePlan> waves = new ArrayList<>();
    int at = 0;
    for (int i = 0; i < specs.size(); i++) {
      WaveSpec s = specs.get(i);
      List<PatchStore> stores =
          fleet.subList(Math.min(fleet.size(), at), Math.min(fleet.size(), at + s.size())).stream()
              .map(id -> new PatchStore(id, "Europe/Berlin", Duration.ofSeconds(30), OLD, null))
              .toList();
      at += s.size();
      waves.add(new WavePlan(i, s.name(), stores, s.concurrency(), s.maxFailures(), Duration.ofMinutes(30), s.approval()));
    }
    return new PatchWavePlan(BUNDLE, waves, calendar, GATE, approvers, true, batchSize, new PatchDrift(OLD, fleet.size(), 0, 0, 0, 0),
        Instant.parse("2026-11-24T00:00:00Z"), waves.stream().map(w -> Instant.parse("2026-11-24T00:00:00Z")).toList());
  }

  static final class Planner implements PatchWavePlanActivities {
    final PatchWavePlan plan;
    final AtomicInteger calls = new AtomicInteger();
    volatile String refuse;

    Planner(PatchWavePlan plan) {
      this.plan = plan;
    }

    @Override
    public PatchWavePlan plan(PatchWaveRequest request) {
      calls.incrementAndGet();
      if (refuse != null) throw ApplicationFailure.newNonRetryableFailure(refuse, "BundleRejected");
      return plan;
    }
  }

  /** One store as the fake site sees it. */
  static final class Store {
    final String id;
    volatile String running = OLD;
    final Set<String> snapshots = ConcurrentHashMap.newKeySet();
    final Map<String, AtomicInteger> ops = new ConcurrentHashMap<>();
    volatile List<String> preflightProblems = List.of();
    volatile boolean failApply;
    volatile boolean failProbe;
    volatile boolean hostUpgrade;
    volatile boolean degradedOnNew;
    volatile Instant appliedAt;
    /** Between its snapshot and its probe or rollback: counted for the fleet's in-flight maximum. */
    volatile boolean changing;

    Store(String id) {
      this.id = id;
    }

    void op(String kind) {
      ops.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }

    int ops(String kind) {
      AtomicInteger n = ops.get(kind);
      return n == null ? 0 : n.get();
    }

    boolean touched() {
      return !ops.isEmpty();
    }
  }

  /** Every store of the fleet, shared by the per-queue activity instances. */
  static final class Fleet {
    final Map<String, Store> stores = new ConcurrentHashMap<>();
    final AtomicInteger inChange = new AtomicInteger();
    final AtomicInteger maxInChange = new AtomicInteger();
    final List<String> events = new CopyOnWriteArrayList<>();
    /** When set, applyGuestBundle of this store waits for the latch: a store held in flight. */
    volatile String holdStore;
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    Fleet(List<String> ids) {
      ids.forEach(id -> stores.put(id, new Store(id)));
    }

    Store get(String id) {
      return stores.get(id);
    }

    void settled(Store s) {
      if (s.changing) {
        s.changing = false;
        inChange.decrementAndGet();
      }
    }
  }

  static final class Site implements StorePatchActivities {
    private final Fleet fleet;
    private static final int GUESTS = 2;

    Site(Fleet fleet) {
      this.fleet = fleet;
    }

    @Override
    public StorePreflight preflight(String storeId, BundleManifest bundle) {
      Store s = fleet.get(storeId);
      List<PatchGuest> guests = IntStream.range(0, GUESTS).mapToObj(i -> new PatchGuest(100 + i, "qemu", "pve1", "g" + i, true)).toList();
      return new StorePreflight(storeId, s.preflightProblems, s.running, List.of("pve1", "pve2"), guests, s.hostUpgrade ? List.of("pve1") : List.of());
    }

    @Override
    public void snapshotGuests(String storeId, String snapshot) {
      Store s = fleet.get(storeId);
      if (!s.changing) {
        s.changing = true;
        fleet.maxInChange.accumulateAndGet(fleet.inChange.incrementAndGet(), Math::max);
      }
      if (s.snapshots.add(snapshot)) s.op("snapshot");
    }

    @Override
    public void setNoout(String storeId, boolean set) {
      fleet.get(storeId).op(set ? "noout-set" : "noout-unset");
    }

    @Override
    public List<GuestPlacement> evacuateNode(String storeId, String node) {
      fleet.get(storeId).op("evacuate");
      return List.of(new GuestPlacement(100, "qemu", node, "pve2"));
    }

    @Override
    public NodeUpgrade upgradeNode(String storeId, String node, Map<String, String> packages) {
      fleet.get(storeId).op("upgrade");
      return new NodeUpgrade(true, true);
    }

    @Override
    public void rebootNode(String storeId, String node) {
      fleet.get(storeId).op("reboot-node");
    }

    @Override
    public void waitCephHealthy(String storeId) {
      fleet.get(storeId).op("ceph-ok");
    }

    @Override
    public void returnGuests(String storeId, List<GuestPlacement> placements) {
      fleet.get(storeId).op("return");
    }

    @Override
    public void applyGuestBundle(String storeId, int vmid, String version) {
      Store s = fleet.get(storeId);
      if (storeId.equals(fleet.holdStore)) {
        fleet.held.countDown();
        try {
          fleet.release.await(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (s.failApply) throw ApplicationFailure.newNonRetryableFailure("guest " + vmid + " did not come back", "ProxmoxTaskFailed");
      s.op("apply");
      s.running = version;
      s.appliedAt = Instant.ofEpochMilli(io.temporal.activity.Activity.getExecutionContext().getInfo().getCurrentAttemptScheduledTimestamp());
    }

    @Override
    public StoreProbeResult probeStore(String storeId) {
      Store s = fleet.get(storeId);
      fleet.settled(s);
      return s.failProbe ? new StoreProbeResult(false, List.of("pos: health check answered 503")) : new StoreProbeResult(true, List.of());
    }

    @Override
    public void rollbackGuests(String storeId, String snapshot, String bundle) {
      Store s = fleet.get(storeId);
      fleet.settled(s);
      s.op("rollback");
      s.running = bundle;
      fleet.events.add("rollback " + storeId);
    }

    @Override
    public void dropSnapshots(String storeId, String snapshot) {
      Store s = fleet.get(storeId);
      if (s.snapshots.remove(snapshot)) s.op("drop");
    }
  }

  /** SLOs from the fake fleet: a store running the new bundle with {@code degradedOnNew} is slow. */
  static final class Gates implements HealthGateActivities {
    private final Fleet fleet;
    final List<GateRequest> requests = new CopyOnWriteArrayList<>();
    final List<List<String>> baselines = new CopyOnWriteArrayList<>();
    volatile boolean noData;

    Gates(Fleet fleet) {
      this.fleet = fleet;
    }

    StoreSlo slo(String id) {
      Store s = fleet.get(id);
      Map<SloMetric, Double> v = new EnumMap<>(SloMetric.class);
      boolean bad = s.degradedOnNew && NEW.equals(s.running);
      if (!noData) {
        v.put(SloMetric.TTFB_P95, bad ? 0.8 : 0.2);
        v.put(SloMetric.CACHE_HIT_RATIO, 0.93);
      }
      return new StoreSlo(id, v);
    }

    @Override
    public int captureBaseline(String bundle, int wave, List<String> stores, Instant from, Instant to) {
      baselines.add(List.copyOf(stores));
      return stores.size();
    }

    @Override
    public GateDecision evaluate(GateRequest r) {
      requests.add(r);
      List<StoreSlo> own = r.stores().stream().map(id -> new StoreSlo(id, Map.of(SloMetric.TTFB_P95, 0.2, SloMetric.CACHE_HIT_RATIO, 0.93))).toList();
      List<StoreJudgement> judged =
          HealthGate.judge(r.policy(), r.stores().stream().map(this::slo).toList(), own, r.peers().stream().map(this::slo).toList());
      return HealthGate.decide(r.wave(), r.policy(), judged, r.peers().size(), r.to()).withDetails("patch-wave/" + r.bundle() + "/wave-" + r.wave() + "-gate.json");
    }
  }

  static final class Reports implements PatchWaveReportActivities {
    final List<PatchWaveSummary> written = Collections.synchronizedList(new ArrayList<>());

    @Override
    public PatchDrift drift(String newestBundle) {
      return new PatchDrift(newestBundle, 0, 0, 0, 0, 0);
    }

    @Override
    public String writeReport(PatchWaveSummary summary, Map<String, StorePatchOutcome> outcomes) {
      written.add(summary);
      return "patch-wave/" + summary.bundle() + "/report.json";
    }
  }
}
