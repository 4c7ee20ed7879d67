package dev.edgerunbooks.starters.cli;

import static dev.edgerunbooks.starters.cli.Summaries.duration;

import dev.edgerunbooks.workflows.certrotation.CertPolicy;
import dev.edgerunbooks.workflows.certrotation.CertRotationSummary;
import dev.edgerunbooks.workflows.certrotation.Escalation;
import dev.edgerunbooks.workflows.certrotation.NodeOutcome;
import dev.edgerunbooks.workflows.certrotation.NodeRotation;
import dev.edgerunbooks.workflows.certrotation.StoreCertResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * How finished rotation runs are printed, for {@code run --wait} and {@code status} alike: the
 * counts, the escalations (first, and loud), the policy, a table of every node (account) that was
 * due or failed and every store that could not be checked, and the report. A dry run prints the
 * same table of what would be renewed and why. Exit code 1 when a node (account) failed or a store
 * could not be checked.
 */
final class RotationSummaries {
  /** The start of a certificate fingerprint the table shows ({@code AB:CD:EF:01…}); --json has all of it. */
  private static final int FINGERPRINT_SHOWN = 11;
  private static final String NOT_CHECKED = "NOT_CHECKED";

  private RotationSummaries() {}

  static int printCertificates(Output output, CertRotationSummary s, boolean json) {
    boolean problems =
        s.stores().stream().anyMatch(st -> st.failure() != null || st.nodes().stream().anyMatch(n -> n.outcome().failed()));
    int exit = problems ? ExitCodes.PROBLEMS_FOUND : ExitCodes.OK;
    if (json) {
      output.json(s);
      return exit;
    }
    Table table = new Table("store", "node", "outcome", "why due", "fingerprint", "days left", "detail");
    int nodes = 0;
    for (StoreCertResult store : s.stores()) {
      notChecked(table, store.storeId(), store.failure());
      for (NodeRotation n : store.nodes()) {
        nodes++;
        if (n.outcome() != NodeOutcome.NOT_DUE) {
          table.add(store.storeId(), n.node(), n.outcome().name(), n.why(),
              change(fingerprint(n.previousFingerprint()), fingerprint(n.servedFingerprint())),
              daysLeft(n.notAfter(), s.finishedAt(), "-"), certDetail(n));
        }
      }
    }
    List<String> escalations = new ArrayList<>();
    if (!s.escalations().isEmpty()) {
      int n = s.escalations().size();
      escalations.add("!! ESCALATION: " + n + (n == 1 ? " certificate is" : " certificates are")
          + " close to expiry and not renewed; someone must look before " + (n == 1 ? "it expires" : "they expire"));
      for (Escalation e : s.escalations()) {
        escalations.add("!!   " + e.storeId() + " " + e.node() + ": " + expiry(e) + ": " + e.reason());
      }
    }
    new Sheet(s.runId(), s.dryRun(), s.force(), s.initiator(), s.stores().size(), failures(s.stores(), StoreCertResult::failure),
        "node", nodes, Summaries.counts(NodeOutcome.values(), s::count, "none"), escalations, policy(s.policy()), table,
        s.count(NodeOutcome.NOT_DUE), s.reportKey())
        .print(output.out());
    return exit;
  }

  /**
   * One layout for both runbooks.
   *
   * @param item what is rotated: {@code node} or {@code account}
   * @param items how many there are
   * @param counts how many ended how, e.g. {@code 2 renewed, 5 not due}
   * @param notDue how many are not due: counted, not listed
   */
  private record Sheet(
      String runId,
      boolean dryRun,
      boolean force,
      String initiator,
      int stores,
      long notChecked,
      String item,
      int items,
      String counts,
      List<String> escalations,
      String policy,
      Table table,
      long notDue,
      String reportKey) {

    void print(PrintWriter out) {
      out.println(runId + ": " + (dryRun ? "dry run, nothing was changed; " : "") + count(stores, "store") + ", "
          + count(items, item) + ": " + counts + (notChecked == 0 ? "" : "; " + count(notChecked, "store") + " not checked"));
      out.println("started by " + initiator + (force ? ", forced (due or not)" : ""));
      escalations.forEach(out::println);
      if (policy != null) {
        out.println("policy: " + policy);
      }
      if (table.isEmpty()) {
        out.println(dryRun ? "no " + item + " is due" : "no " + item + " was due");
      } else {
        table.lines("  ").forEach(out::println);
      }
      if (notDue > 0) {
        out.println(count(notDue, item) + " not due, not listed (--json lists every " + item + ")");
      }
      if (reportKey != null) {
        out.println("report: " + reportKey);
      }
      out.flush();
    }
  }

  /** {@code 1 store}, {@code 3 stores}. */
  private static String count(long n, String item) {
    return n + " " + item + (n == 1 ? "" : "s");
  }

  private static String policy(CertPolicy p) {
    if (p == null) {
      return null;
    }
    return "renew within " + days(p.renewBefore()) + " of expiry or at " + days(p.maxAge()) + " old;"
        + " escalate within " + days(p.escalateBefore()) + "; issuer " + p.issuer() + ", " + p.concurrency()
        + " stores at a time";
  }

  /** A policy's duration as rotation.yaml writes it: {@code 21d}, not {@code 3w}; {@code 36h} stays. */
  static String days(Duration d) {
    return d != null && d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays())) ? d.toDays() + "d" : duration(d);
  }

  /** A row for a store that could not be checked at all. */
  private static void notChecked(Table table, String storeId, String failure) {
    if (failure != null) {
      table.add(storeId, null, NOT_CHECKED, null, null, null, failure);
    }
  }

  /** How many stores could not be checked. */
  private static <S> long failures(List<S> stores, Function<S, String> failure) {
    return stores.stream().filter(s -> failure.apply(s) != null).count();
  }

  private static String certDetail(NodeRotation n) {
    List<String> parts = new ArrayList<>();
    if (n.detail() != null) {
      parts.add(n.detail());
    }
    if (n.outsideWindow()) {
      parts.add("outside the store's window: the certificate would have expired before the next one opened");
    }
    return String.join("; ", parts);
  }

  private static String expiry(Escalation e) {
    if (e.notAfter() == null) {
      return "expiry unknown";
    }
    return "expires " + e.notAfter() + " (" + (e.daysLeft() == 1 ? "1 day" : e.daysLeft() + " days") + " left)";
  }

  /** Whole days from {@code at} to {@code expiry}; {@code expired} after it, {@code none} without one. */
  static String daysLeft(Instant expiry, Instant at, String none) {
    if (expiry == null || at == null) {
      return none;
    }
    return expiry.isBefore(at) ? "expired" : String.valueOf(Duration.between(at, expiry).toDays());
  }

  /** {@code before -> after}; the one value when it did not change; {@code unknown} for an after not known. */
  static String change(String before, String after) {
    if (Objects.equals(before, after)) {
      return before;
    }
    return (before == null ? "-" : before) + " -> " + (after == null ? "unknown" : after);
  }

  private static String fingerprint(String fingerprint) {
    return fingerprint == null || fingerprint.length() <= FINGERPRINT_SHOWN
        ? fingerprint
        : fingerprint.substring(0, FINGERPRINT_SHOWN) + "…";
  }
}
