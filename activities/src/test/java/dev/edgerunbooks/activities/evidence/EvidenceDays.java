package dev.edgerunbooks.activities.evidence;

import dev.edgerunbooks.activities.report.ReportSigner;
import dev.edgerunbooks.activities.report.S3ProxyFixture;
import dev.edgerunbooks.workflows.evidence.EvidenceDay;
import dev.edgerunbooks.workflows.evidence.EvidenceDayInput;
import dev.edgerunbooks.workflows.evidence.EvidenceItem;
import dev.edgerunbooks.workflows.evidence.EvidencePlan;
import dev.edgerunbooks.workflows.evidence.RunSummary;
import dev.edgerunbooks.workflows.evidence.StoreEvidencePlan;
import dev.edgerunbooks.workflows.evidence.StoreRoot;
import dev.edgerunbooks.workflows.evidence.StoreSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * An audit bucket and nights of evidence written through {@link EvidenceReportActivitiesImpl} as the
 * workflows write them: store-0001 and store-0002 every night, store-0001's guest 101 given more
 * memory on the second night, store-0003 not reachable on the third.
 */
abstract class EvidenceDays extends S3ProxyFixture {
  static final List<String> DAYS = List.of("2026-11-24", "2026-11-25", "2026-11-26");

  ReportSigner signer;
  EvidenceReportActivitiesImpl reports;
  final List<EvidenceDay> written = new ArrayList<>();

  @BeforeEach
  void reports() {
    signer = ReportSigner.loadOrCreate(dataDir.resolve("signing/evidence-key.pem"));
    reports = new EvidenceReportActivitiesImpl(bucket, signer);
  }

  static StoreSnapshot snapshot(String store, String date, int memory101) {
    return new StoreSnapshot(store, Instant.parse(date + "T01:00:0" + store.charAt(store.length() - 1) + "Z"),
        List.of(
            item("bundle", "{\"101\":\"2026.11.0\",\"102\":\"2026.11.0\"}"),
            item("ceph/health", "{\"checks\":[],\"status\":\"HEALTH_OK\"}"),
            item("guest/101/config", "{\"cores\":\"4\",\"memory\":\"" + memory101 + "\",\"name\":\"pos\",\"net0\":\"virtio=BC:24:11:00:00:01,bridge=vmbr0\"}"),
            item("guest/102/config", "{\"cores\":\"2\",\"memory\":\"6144\",\"name\":\"db\"}"),
            item("node/pve1/version", "{\"kversion\":\"Linux 6.17.2-1-pve\",\"pveversion\":\"pve-manager/9.1.2/4e5e1f0b\"}")),
        List.of("firewall/cluster/rules: not readable: HTTP 501"));
  }

  static EvidenceItem item(String id, String json) {
    return new EvidenceItem(id, json);
  }

  static EvidencePlan plan(String date, String previous, List<String> stores, boolean wholeFleet) {
    return new EvidencePlan(date, EvidenceFiles.dayKey(date), previous == null ? null : EvidenceFiles.dayKey(previous),
        wholeFleet, stores.stream().map(s -> new StoreEvidencePlan(s, "site-" + s, Duration.ofMinutes(5))).toList());
  }

  static EvidenceDayInput input(EvidencePlan plan, List<StoreRoot> roots, List<RunSummary> runs) {
    Instant start = Instant.parse(plan.date() + "T01:00:00Z");
    return new EvidenceDayInput(plan, "evidence/" + plan.date(), "schedule:nightly-evidence", start,
        start.plus(Duration.ofMinutes(7)), roots, runs);
  }

  /** One night: every store's items, then the day's file. */
  EvidenceDay night(String date, String previous, Map<String, Integer> memoryByStore, List<String> unreachable) {
    List<StoreRoot> roots = new ArrayList<>();
    memoryByStore.forEach((store, memory) -> roots.add(reports.storeItems(date, snapshot(store, date, memory))));
    unreachable.forEach(store -> roots.add(new StoreRoot(store, null, 0, null, 0, "store " + store + " did not answer")));
    List<String> stores = roots.stream().map(StoreRoot::storeId).sorted().toList();
    EvidenceDay day = reports.writeDay(input(plan(date, previous, stores, true), roots, reports.runsOn(date)));
    written.add(day);
    return day;
  }

  void threeNights() {
    night(DAYS.get(0), null, Map.of("store-0001", 2048, "store-0002", 2048), List.of());
    night(DAYS.get(1), DAYS.get(0), Map.of("store-0001", 4096, "store-0002", 2048), List.of());
    night(DAYS.get(2), DAYS.get(1), Map.of("store-0001", 4096, "store-0002", 2048), List.of("store-0003"));
  }

  void put(String key, byte[] bytes) {
    s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
  }

  void put(String key, String text) {
    put(key, text.getBytes(StandardCharsets.UTF_8));
  }

  void delete(String key) {
    s3.deleteObject(b -> b.bucket(BUCKET).key(key));
  }
}
