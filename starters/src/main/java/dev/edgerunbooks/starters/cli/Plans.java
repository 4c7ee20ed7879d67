package dev.edgerunbooks.starters.cli;

import static dev.edgerunbooks.starters.cli.Summaries.duration;

import dev.edgerunbooks.runbooks.Suggestions;
import dev.edgerunbooks.workflows.backupverify.BackupVerifySummary;
import dev.edgerunbooks.workflows.backupverify.GuestExpectation;
import dev.edgerunbooks.workflows.backupverify.StoreVerifyPlan;
import dev.edgerunbooks.workflows.drdrill.CephPlan;
import dev.edgerunbooks.workflows.drdrill.DrDrillSummary;
import dev.edgerunbooks.workflows.drdrill.DrillGuest;
import dev.edgerunbooks.workflows.drdrill.DrillPhase;
import dev.edgerunbooks.workflows.drdrill.DrillTargets;
import dev.edgerunbooks.workflows.drdrill.StoreDrillPlan;
import dev.edgerunbooks.workflows.evidence.EvidencePlan;
import dev.edgerunbooks.workflows.evidence.EvidenceSummary;
import dev.edgerunbooks.workflows.evidence.StoreEvidencePlan;
import dev.edgerunbooks.workflows.patch.BundleManifest;
import dev.edgerunbooks.workflows.common.Freeze;
import dev.edgerunbooks.workflows.patch.GatePolicy;
import dev.edgerunbooks.workflows.patch.NoDataPolicy;
import dev.edgerunbooks.workflows.common.StoreCalendar;
import dev.edgerunbooks.workflows.patch.PatchDrift;
import dev.edgerunbooks.workflows.patch.PatchStore;
import dev.edgerunbooks.workflows.patch.PatchWavePlan;
import dev.edgerunbooks.workflows.patch.PatchWaveSummary;
import dev.edgerunbooks.workflows.patch.SloObjective;
import dev.edgerunbooks.workflows.patch.WavePlan;
import dev.edgerunbooks.workflows.restoretest.GuestRestoreTask;
import dev.edgerunbooks.workflows.restoretest.RestoreTestPlan;
import dev.edgerunbooks.workflows.restoretest.RestoreTestSummary;
import dev.edgerunbooks.workflows.restoretest.SelectionReason;
import dev.edgerunbooks.workflows.restoretest.StagingRestorePlan;
import dev.edgerunbooks.workflows.staging.BackupSource;
import dev.edgerunbooks.workflows.staging.GuestProbe;
import java.io.PrintWriter;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** How the plan of a dry run is printed: what would run where, in what order, against what targets. */
final class Plans {
  /** Where store ids are wrapped. */
  private static final int WIDTH = 100;
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm zzz", Locale.ROOT);
  /** Packages and workloads of the bundle named before they are counted. */
  private static final int PACKAGES_SHOWN = 8;

  private Plans() {}

  /**
   * Per store, the offsite copy's maximum age, how long its worker has to answer and the guests
   * fleet.yaml says it runs (vmid, name, role, RPO target), then the target of any other guest its
   * cluster has; last the stores and guests in all.
   */
  static void printBackupVerify(PrintWriter out, BackupVerifySummary s) {
    out.println(s.workflowId() + ": dry run, no store was asked anything");
    int guests = 0;
    for (StoreVerifyPlan store : s.plan()) {
      out.println();
      out.printf(
          "%s: %d guests, offsite copy at most %s old, its worker answers within %s%n",
          store.storeId(), store.guests().size(), duration(store.offsiteMaxAge()),
          duration(store.siteResponseTimeout()));
      for (GuestExpectation g : store.guests()) {
        out.printf("  %-6d %-22s %-16s RPO %s%n", g.vmid(), g.name(), g.role(), duration(g.rpo()));
      }
      out.printf("  %-46s RPO %s%n", "(any other guest on its cluster)", duration(store.defaultRpo()));
      guests += store.guests().size();
    }
    out.println();
    out.printf(
        "%d stores, %d guests would be verified (and any other guest the stores' clusters have)%n",
        s.plan().size(), guests);
    out.flush();
  }

  static void printRestoreTest(PrintWriter out, RestoreTestSummary s) {
    RestoreTestPlan plan = s.plan();
    out.println(s.workflowId() + ": dry run for week " + s.week() + ", nothing was restored");
    if (noPlan(out, plan)) {
      return;
    }
    out.printf(
        "%d guests on %d staging clusters; every guest is tested at least once every %d weeks%n",
        plan.guestCount(), plan.regions().size(), plan.rotationWeeks());
    for (StagingRestorePlan region : plan.regions()) {
      out.println();
      out.printf(
          "%s: staging cluster %s, capacity %d, VMIDs %d-%d, bridge %s, storage %s%n",
          region.cluster().region(),
          region.cluster().siteId(),
          region.capacity(),
          region.firstVmid(),
          region.lastVmid(),
          region.isolatedBridge(),
          region.storage());
      if (region.timeouts() != null) {
        out.printf(
            "  timeouts: restore %s, boot %s, staging worker %s%n",
            duration(region.timeouts().restore()),
            duration(region.timeouts().boot()),
            duration(region.timeouts().siteResponse()));
      }
      if (region.guests().isEmpty()) {
        out.println("  no guests this week");
      }
      for (GuestRestoreTask g : region.guests()) {
        out.printf(
            "  %-26s %-4s %-11s probe: %s%n",
            g.key() + " " + g.name(), g.type(), reason(g.reason()), probe(g.type(), g.probe()));
      }
    }
    out.flush();
  }

  static void printDrDrill(PrintWriter out, DrDrillSummary s) {
    out.println(s.workflowId() + ": dry run, nothing was touched");
    if (noPlan(out, s.plan())) {
      return;
    }
    for (StoreDrillPlan store : s.plan().stores()) {
      out.println();
      out.printf(
          "%s on staging cluster %s: nodes %s%n",
          store.storeId(), store.cluster().siteId(), String.join(", ", store.nodes()));
      DrillTargets targets = store.targets();
      if (targets != null) {
        out.println("  targets: RPO " + duration(targets.rpo()) + ", RTO " + duration(targets.rto()));
      }
      out.println("  phases:");
      for (DrillPhase phase : DrillPhase.values()) {
        Duration target = targets == null ? null : targets.phases().get(phase);
        out.printf(
            "    %-10s %s%s%n", phase, phase(phase, store), target == null ? "" : "  (target " + duration(target) + ")");
      }
      out.println("  boot order:");
      List<DrillGuest> guests = store.bootOrder();
      for (int i = 0; i < guests.size(); i++) {
        DrillGuest g = guests.get(i);
        out.printf(
            "    %2d. %-22s %-4s probe: %s%n",
            i + 1, g.vmid() + " " + g.name() + " (" + g.role() + ")", g.type(), probe(g.type(), g.probe()));
      }
    }
    out.flush();
  }

  static void printEvidence(PrintWriter out, EvidenceSummary s) {
    out.println(s.workflowId() + ": dry run for day " + s.date() + ", nothing was collected");
    EvidencePlan plan = s.plan();
    if (noPlan(out, plan)) {
      return;
    }
    out.println("file:     " + plan.key());
    out.println("previous: " + (plan.previousKey() == null ? "first day of the chain" : plan.previousKey()));
    out.printf(
        "%d stores%s:%n",
        plan.stores().size(),
        plan.wholeFleet() ? ", the whole fleet" : ", only the stores asked for (the day's file says it is partial)");
    for (StoreEvidencePlan store : plan.stores()) {
      out.printf(
          "  %-12s on %s, its worker answers within %s%n",
          store.storeId(), store.taskQueue(), duration(store.siteResponseTimeout()));
    }
    out.flush();
  }

  /**
   * A patch wave's plan: the verified bundle, who approves, the gate, the windows, the drift, then
   * per wave its stores, concurrency, error budget, in-flight limit, soak, approval and when its
   * window opens, in UTC and in {@code here} (the operator's zone).
   */
  static void printPatchWave(PrintWriter out, PatchWaveSummary s, ZoneId here) {
    out.println(s.workflowId() + ": dry run of bundle " + s.bundle() + ", nothing was changed");
    PatchWavePlan plan = s.plan();
    if (noPlan(out, plan)) {
      return;
    }
    BundleManifest bundle = plan.bundle();
    if (bundle != null) {
      out.println("bundle:     " + bundle.version() + ", sha256 " + bundle.sha256());
      out.println("            host packages: " + versions(bundle.hostPackages()));
      out.println("            guest workloads: " + versions(bundle.guestWorkloads()));
    }
    out.println("started by: " + s.initiator());
    out.println("approvers:  " + (plan.approvers().isEmpty() ? "none" : String.join(", ", plan.approvers()))
        + (s.initiator() == null ? "" : " (never the initiator, " + s.initiator() + ")"));
    if (plan.gate() != null) {
      gate(plan.gate()).forEach(out::println);
    }
    if (plan.calendar() != null) {
      out.println("windows:    " + calendar(plan.calendar()));
    }
    if (plan.drift() != null) {
      out.println("drift:      " + drift(plan.drift()));
    }
    out.println("on halt:    " + (plan.rollbackOnHalt()
        ? "the halted wave's patched stores are rolled back"
        : "the halted wave's patched stores keep the bundle"));
    out.printf(
        "%d stores in %d waves, %d stores per batch%n", plan.storeCount(), plan.waves().size(), plan.batchSize());
    boolean hereIsUtc = here.normalized().equals(ZoneOffset.UTC);
    if (plan.plannedAt() != null) {
      String zones = hereIsUtc ? "in UTC" : "in UTC and in " + here.getId();
      out.println("planned at " + WHEN.format(plan.plannedAt().atZone(UTC)) + "; windows open at the times below, "
          + zones + " (this machine's zone)");
    }
    for (WavePlan wave : plan.waves()) {
      out.println();
      out.printf(
          "wave %d %s: %d stores, concurrency %d, error budget %d (at most %d in flight), soak %s, %s%n",
          wave.index(), wave.name(), wave.stores().size(), wave.concurrency(), wave.maxFailures(),
          wave.allowedInFlight(0), duration(wave.soak()), wave.approvalRequired() ? "approval needed" : "no approval");
      Instant opens = wave.index() < plan.opensAt().size() ? plan.opensAt().get(wave.index()) : null;
      out.println("  opens:   " + (opens == null
          ? "no window within " + StoreCalendar.HORIZON_DAYS + " days"
          : WHEN.format(opens.atZone(UTC)) + (hereIsUtc ? "" : ", " + WHEN.format(opens.atZone(here)) + " here")));
      List<String> ids = wave.stores().stream().map(PatchStore::storeId).toList();
      wrap(ids, "  stores:  ", WIDTH).forEach(out::println);
      for (PatchStore store : wave.stores()) {
        if (store.recoverabilityProblem() != null) {
          out.println("  skipped: " + store.storeId() + ", " + store.recoverabilityProblem());
        }
      }
    }
    out.flush();
  }

  /** Says so when a dry run returned no plan, and whether it did not. */
  private static boolean noPlan(PrintWriter out, Object plan) {
    if (plan == null) {
      out.println("the run returned no plan");
      out.flush();
    }
    return plan == null;
  }

  /** {@code newest 2026.11.0: 250 on it, 3 one behind, …}. */
  static String drift(PatchDrift d) {
    return "newest " + d.newest() + ": " + d.current() + " on it, " + d.behindOne() + " one behind, " + d.behindTwo()
        + " two behind, " + d.older() + " older, " + d.unknown() + " unknown";
  }

  private static List<String> gate(GatePolicy g) {
    List<String> lines = new ArrayList<>();
    for (SloObjective o : g.objectives()) {
      String limit = o.limit() == null
          ? "no limit"
          : (o.metric().higherIsBetter() ? "at least " : "at most ") + PatchWaveRuns.value(o.limit());
      lines.add(String.format(
          "%s %s %s; inconclusive past %s, failing past %s worse than its baselines",
          lines.isEmpty() ? "gate SLOs: " : "           ", o.metric(), limit, percent(o.marginalWorsening()),
          percent(o.maxWorsening())));
    }
    String noData = g.noData() == NoDataPolicy.PAUSE ? "the run pauses for a human" : "the store fails";
    lines.add("            no data: " + noData + "; the gate fails when more than " + g.maxFailingStores()
        + " stores fail; peer baseline: median of " + g.peerSample() + " stores not yet patched");
    return lines;
  }

  private static String calendar(StoreCalendar c) {
    String days = c.days().equals(EnumSet.allOf(DayOfWeek.class))
        ? "every day"
        : String.join(" ", c.days().stream().sorted()
            .map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ROOT)).toList());
    String hours = c.from().equals(c.to()) ? "all day" : c.from() + "-" + c.to();
    StringBuilder line = new StringBuilder(days).append(' ').append(hours).append(" store-local");
    if (c.minimumLength() != null && !c.minimumLength().isZero()) {
      line.append(", at least ").append(duration(c.minimumLength())).append(" left to start a store");
    }
    for (Freeze f : c.freezes()) {
      line.append("; freeze ").append(f.name()).append(' ').append(f.from()).append("..").append(f.to());
    }
    return line.toString();
  }

  private static String versions(Map<String, String> versions) {
    if (versions.isEmpty()) {
      return "none";
    }
    List<String> named = new TreeMap<>(versions).entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
    return Suggestions.list(named, PACKAGES_SHOWN);
  }

  private static String percent(double fraction) {
    return Math.round(fraction * 100) + "%";
  }

  /** {@code items} comma separated in lines of at most {@code width}, the first led by {@code lead}. */
  static List<String> wrap(List<String> items, String lead, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder(lead);
    String indent = " ".repeat(lead.length());
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i) + (i < items.size() - 1 ? "," : "");
      if (line.length() > indent.length() && line.length() + 1 + item.length() > width) {
        lines.add(line.toString());
        line = new StringBuilder(indent);
      } else if (line.length() > indent.length()) {
        line.append(' ');
      }
      line.append(item);
    }
    lines.add(line.toString().stripTrailing());
    return lines;
  }

  private static String phase(DrillPhase phase, StoreDrillPlan p) {
    List<String> nodes = p.nodes();
    String others = String.join(", ", nodes.subList(Math.min(1, nodes.size()), nodes.size()));
    return switch (phase) {
      case PROVISION -> "reinstall " + String.join(", ", nodes) + " (up to " + duration(p.provisionTimeout()) + " each)";
      case CLUSTER ->
          "create cluster " + p.clusterName() + (nodes.isEmpty() ? "" : " on " + nodes.get(0))
              + (others.isEmpty() ? "" : ", join " + others) + "; isolated bridge " + p.isolatedBridge();
      case CEPH -> ceph(p.ceph());
      case STORAGE -> storage(p.source());
      case RESTORE ->
          p.bootOrder().size() + " guests in boot order (restore up to " + duration(p.restoreTimeout())
              + ", boot up to " + duration(p.bootTimeout()) + " each)";
      case TEARDOWN ->
          "destroy the restored guests" + (p.source() == null ? "" : ", remove " + p.source().storageId());
    };
  }

  private static String ceph(CephPlan c) {
    if (c == null) {
      return "-";
    }
    return "network " + c.network() + ", OSDs on " + String.join(", ", c.osdDevices()) + " of each node; pool "
        + c.pool() + ", size " + c.size() + "/" + c.minSize() + ", " + c.pgNum() + " PGs";
  }

  private static String storage(BackupSource b) {
    if (b == null) {
      return "-";
    }
    return b.storageId() + " -> " + b.server() + ":" + b.port() + ", datastore " + b.datastore();
  }

  private static String reason(SelectionReason reason) {
    return reason == null ? "-" : reason.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** What the probe checks: a command through the guest agent (VM) or an address (container). */
  static String probe(String type, GuestProbe p) {
    if (p == null) {
      return "none";
    }
    String check;
    if ("lxc".equals(type) || p.command().isEmpty()) {
      check = p.interfaceName() == null ? "running" : p.interfaceName() + " has an address";
    } else {
      check = "'" + String.join(" ", p.command()) + "' exits " + p.expectExit();
      if (p.expectOutput() != null && !p.expectOutput().isEmpty()) {
        check += " printing \"" + p.expectOutput() + "\"";
      }
    }
    return p.timeout() == null ? check : check + " within " + duration(p.timeout());
  }
}
