package dev.edgerunbooks.starters.cli;

import static dev.edgerunbooks.starters.cli.Summaries.duration;

import dev.edgerunbooks.workflows.certrotation.CertPolicy;
import dev.edgerunbooks.workflows.certrotation.CertRotationSummary;
import dev.edgerunbooks.workflows.certrotation.Escalation;
import dev.edgerunbooks.workflows.certrotation.NodeOutcome;
import dev.edgerunbooks.workflows.certrotation.NodeRotation;
import dev.edgerunbooks.workflows.certrotation.StoreCertResult;
import dev.edgerunbooks.workflows.tokenrotation.AccountRotation;
import dev.edgerunbooks.workflows.tokenrotation.StoreTokenResult;
import dev.edgerunbooks.workflows.tokenrotation.TokenOutcome;
import dev.edgerunbooks.workflows.tokenrotation.TokenPolicy;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationSummary;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

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
    List<Store> stores = stores(s.stores(), StoreCertResult::storeId, StoreCertResult::failure,
        st -> st.nodes().stream().map(n -> row(n, s.finishedAt())));
    return new Sheet(s.runId(), s.dryRun(), s.force(), s.initiator(), "node", "fingerprint",
            Summaries.counts(NodeOutcome.values(), s::count, "none"), escalations(s.escalations()), policy(s.policy()),
            stores, s.reportKey())
        .print(output, s, json);
  }

  static int printTokens(Output output, TokenRotationSummary s, boolean json) {
    List<Store> stores = stores(s.stores(), StoreTokenResult::storeId, StoreTokenResult::failure,
        st -> st.accounts().stream().map(a -> row(a, s.finishedAt())));
    return new Sheet(s.runId(), s.dryRun(), s.force(), s.initiator(), "account", "token",
            Summaries.counts(TokenOutcome.values(), s::count, "none"), List.of(), policy(s.policy()), stores,
            s.reportKey())
        .print(output, s, json);
  }

  /**
   * A node or an account.
   *
   * @param cells its name, outcome, why it was due, what it serves (uses) before and after, days left, detail
   */
  private record Row(boolean notDue, boolean failed, String... cells) {}

  /** A store's nodes (accounts), or why it could not be checked. */
  private record Store(String storeId, String failure, List<Row> rows) {}

  /** A summary's stores, each with its id, why it could not be checked, and its nodes (accounts) as rows. */
  private static <S> List<Store> stores(
      List<S> stores, Function<S, String> id, Function<S, String> failure, Function<S, Stream<Row>> rows) {
    return stores.stream().map(s -> new Store(id.apply(s), failure.apply(s), rows.apply(s).toList())).toList();
  }

  private static Row row(NodeRotation n, Instant finishedAt) {
    List<String> detail = new ArrayList<>();
    if (n.detail() != null) {
      detail.add(n.detail());
    }
    if (n.outsideWindow()) {
      detail.add("outside the store's window: the certificate would have expired before the next one opened");
    }
    return new Row(n.outcome() == NodeOutcome.NOT_DUE, n.outcome().failed(), n.node(), n.outcome().name(), n.why(),
        change(fingerprint(n.previousFingerprint()), fingerprint(n.servedFingerprint())),
        daysLeft(n.notAfter(), finishedAt, "-"), String.join("; ", detail));
  }

  private static Row row(AccountRotation a, Instant finishedAt) {
    return new Row(a.outcome() == TokenOutcome.NOT_DUE, a.outcome().failed(), a.account().name(), a.outcome().name(),
        a.why(), change(a.previousTokenId(), tokenName(a.previousTokenId(), a.tokenId())),
        daysLeft(a.expire(), finishedAt, "never"), a.detail());
  }

  /**
   * One layout for both runbooks.
   *
   * @param item what is rotated: {@code node} or {@code account}
   * @param identity what names what it serves or uses: {@code fingerprint}, {@code token}
   * @param counts how many ended how, e.g. {@code 2 renewed, 5 not due}
   */
  private record Sheet(
      String runId,
      boolean dryRun,
      boolean force,
      String initiator,
      String item,
      String identity,
      String counts,
      List<String> escalations,
      String policy,
      List<Store> stores,
      String reportKey) {

    /** Prints the summary as a table, or {@code summary} as JSON; returns the exit code. */
    int print(Output output, Object summary, boolean json) {
      boolean problems =
          stores.stream().anyMatch(s -> s.failure() != null || s.rows().stream().anyMatch(Row::failed));
      if (json) {
        output.json(summary);
      } else {
        print(output.out());
      }
      return problems ? ExitCodes.PROBLEMS_FOUND : ExitCodes.OK;
    }

    private void print(PrintWriter out) {
      Table table = new Table("store", item, "outcome", "why due", identity, "days left", "detail");
      int items = 0;
      int notDue = 0;
      int notChecked = 0;
      for (Store store : stores) {
        if (store.failure() != null) {
          notChecked++;
          table.add(store.storeId(), null, NOT_CHECKED, null, null, null, store.failure());
        }
        for (Row row : store.rows()) {
          items++;
          if (row.notDue()) {
            notDue++;
          } else {
            table.add(Stream.concat(Stream.of(store.storeId()), Arrays.stream(row.cells())).toArray(String[]::new));
          }
        }
      }
      out.println(runId + ": " + (dryRun ? "dry run, nothing was changed; " : "") + count(stores.size(), "store") + ", "
          + count(items, item) + ": " + counts
          + (notChecked == 0 ? "" : "; " + count(notChecked, "store") + " not checked"));
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

  private static List<String> escalations(List<Escalation> escalations) {
    List<String> lines = new ArrayList<>();
    if (!escalations.isEmpty()) {
      int n = escalations.size();
      lines.add("!! ESCALATION: " + n + (n == 1 ? " certificate is" : " certificates are")
          + " close to expiry and not renewed; someone must look before " + (n == 1 ? "it expires" : "they expire"));
      for (Escalation e : escalations) {
        lines.add("!!   " + e.storeId() + " " + e.node() + ": " + expiry(e) + ": " + e.reason());
      }
    }
    return lines;
  }

  private static String policy(CertPolicy p) {
    if (p == null) {
      return null;
    }
    return "renew within " + days(p.renewBefore()) + " of expiry or at " + days(p.maxAge()) + " old;"
        + " escalate within " + days(p.escalateBefore()) + "; issuer " + p.issuer() + ", " + p.concurrency()
        + " stores at a time";
  }

  private static String policy(TokenPolicy p) {
    if (p == null) {
      return null;
    }
    return "rotate within " + days(p.renewBefore()) + " of expiry (and tokens that never expire); new tokens expire"
        + " after " + days(p.lifetime()) + "; the old token is deleted " + days(p.grace()) + " after the switch; "
        + p.concurrency() + " stores at a time";
  }

  /** A policy's duration as rotation.yaml writes it: {@code 21d}, not {@code 3w}; {@code 36h} stays. */
  static String days(Duration d) {
    return d != null && d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays())) ? d.toDays() + "d" : duration(d);
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

  /**
   * The token in use after the run, without the {@code user@realm!} it shares with the one before
   * ({@code edgerun@pve!rot-20261124-1a2b3c} after {@code edgerun@pve!rot-20260925-9f8e7d} is {@code
   * rot-20261124-1a2b3c}); the token as it is when it is the same one or of another user.
   */
  static String tokenName(String before, String after) {
    if (before == null || after == null || after.equals(before)) {
      return after;
    }
    int bang = before.indexOf('!');
    return bang > 0 && after.startsWith(before.substring(0, bang + 1)) ? after.substring(bang + 1) : after;
  }
}
