package dev.edgerunbooks.starters.cli;

import static dev.edgerunbooks.starters.cli.Summaries.duration;

import dev.edgerunbooks.workflows.drdrill.CephPlan;
import dev.edgerunbooks.workflows.drdrill.DrDrillSummary;
import dev.edgerunbooks.workflows.drdrill.DrillGuest;
import dev.edgerunbooks.workflows.drdrill.DrillPhase;
import dev.edgerunbooks.workflows.drdrill.DrillTargets;
import dev.edgerunbooks.workflows.drdrill.StoreDrillPlan;
import dev.edgerunbooks.workflows.evidence.EvidencePlan;
import dev.edgerunbooks.workflows.evidence.EvidenceSummary;
import dev.edgerunbooks.workflows.evidence.StoreEvidencePlan;
import dev.edgerunbooks.workflows.restoretest.GuestRestoreTask;
import dev.edgerunbooks.workflows.restoretest.RestoreTestPlan;
import dev.edgerunbooks.workflows.restoretest.RestoreTestSummary;
import dev.edgerunbooks.workflows.restoretest.SelectionReason;
import dev.edgerunbooks.workflows.restoretest.StagingRestorePlan;
import dev.edgerunbooks.workflows.staging.BackupSource;
import dev.edgerunbooks.workflows.staging.GuestProbe;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** How the plan of a dry run is printed: what would run where, in what order, against what targets. */
final class Plans {
  private Plans() {}

  static void printRestoreTest(PrintWriter out, RestoreTestSummary s) {
    RestoreTestPlan plan = s.plan();
    out.println(s.workflowId() + ": dry run for week " + s.week() + ", nothing was restored");
    if (plan == null) {
      out.println("the run returned no plan");
      out.flush();
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
    if (s.plan() == null) {
      out.println("the run returned no plan");
      out.flush();
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
    if (plan == null) {
      out.println("the run returned no plan");
      out.flush();
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
