package dev.edgerunbooks.workflows.certrotation;

import dev.edgerunbooks.workflows.common.ActivityPolicies;
import dev.edgerunbooks.workflows.common.CurrentDetails;
import dev.edgerunbooks.workflows.common.SiteProblem;
import dev.edgerunbooks.workflows.common.StoreCalendar;
import dev.edgerunbooks.workflows.common.TaskQueues;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public class StoreCertRotationWorkflowImpl implements StoreCertRotationWorkflow {
  /**
   * A due certificate that would expire within this of the next window's opening is renewed at
   * once: a window is for convenience, an expired certificate is an outage.
   */
  static final Duration EMERGENCY_MARGIN = Duration.ofDays(2);

  private StoreCertActivities site;
  private StoreCertActivities issuing;
  private String storeId;
  private CertPolicy policy;

  @Override
  public StoreCertResult rotate(StoreCertInput input) {
    CertStore store = input.store();
    storeId = store.storeId();
    String queue = TaskQueues.site(storeId);
    site = Workflow.newActivityStub(StoreCertActivities.class, ActivityPolicies.site(queue, store.siteResponseTimeout()));
    issuing =
        Workflow.newActivityStub(StoreCertActivities.class, ActivityPolicies.siteSlowRetry(queue, store.siteResponseTimeout()));

    List<ServedCertificate> served;
    show("reading the certificates", null);
    try {
      served = site.inspect(storeId);
    } catch (ActivityFailure e) {
      return new StoreCertResult(storeId, List.of(), SiteProblem.of(storeId, "reading the certificates", e).detail());
    }
    Instant now = now();
    policy = input.policy();
    Map<String, NodeRotation> results = new LinkedHashMap<>();
    List<ServedCertificate> due = new ArrayList<>();
    for (ServedCertificate cert : served) {
      Optional<RenewalReason> reason = RenewalReason.of(cert, policy, now, input.force());
      if (reason.isEmpty()) {
        results.put(cert.node(), result(cert, NodeOutcome.NOT_DUE, null, now, cert.fingerprint(), cert.notAfter(), false, null));
      } else if (input.dryRun()) {
        results.put(cert.node(), result(cert, NodeOutcome.WOULD_RENEW, reason.get(), now, cert.fingerprint(), cert.notAfter(), false, null));
      } else {
        due.add(cert);
        results.put(cert.node(), null);
      }
    }
    if (!due.isEmpty()) {
      boolean outsideWindow = waitForWindow(policy.calendar(), ZoneId.of(store.timeZone()), due);
      Instant started = now();
      for (ServedCertificate cert : due) {
        RenewalReason reason = RenewalReason.of(cert, policy, started, input.force()).orElse(RenewalReason.FORCED);
        show("renewing " + cert.node() + " (" + (due.indexOf(cert) + 1) + " of " + due.size() + " due)",
            reason.explain(cert, policy, started) + (outsideWindow ? "; outside the window, it expires too soon to wait" : ""));
        results.put(cert.node(), renew(cert, reason, outsideWindow));
      }
    }
    CurrentDetails.phase("cert rotation of " + storeId + ": done")
        .countsOf("nodes", results.values(), NodeRotation::outcome)
        .show();
    return new StoreCertResult(storeId, new ArrayList<>(results.values()), null);
  }

  private void show(String what, String line) {
    CurrentDetails.phase("cert rotation of " + storeId + ": " + what).line(line).show();
  }

  /** Sleeps until the store's window opens; returns true when it went ahead outside it because a certificate is about to expire. */
  private boolean waitForWindow(StoreCalendar calendar, ZoneId zone, List<ServedCertificate> due) {
    Instant now = now();
    Instant firstExpiry = due.stream().map(ServedCertificate::notAfter).min(Comparator.naturalOrder()).orElseThrow();
    Optional<StoreCalendar.Opening> window = calendar.next(now, zone);
    if (window.isPresent() && !window.get().start().isAfter(now)) return false;
    if (window.isEmpty() || !window.get().start().plus(EMERGENCY_MARGIN).isBefore(firstExpiry)) return true;
    show("waiting for its window", due.size() + " due (" + String.join(", ", due.stream().map(ServedCertificate::node).toList())
        + "); the window opens " + CurrentDetails.at(window.get().start(), zone));
    Workflow.sleep(Duration.between(now, window.get().start()));
    return false;
  }

  private NodeRotation renew(ServedCertificate cert, RenewalReason reason, boolean outsideWindow) {
    String node = cert.node();
    Instant now = now();
    if (!cert.restorable()) {
      return result(cert, NodeOutcome.NEEDS_ATTENTION, reason, now, cert.fingerprint(), cert.notAfter(), outsideWindow,
          "it serves a custom certificate (" + cert.fingerprint() + ") whose key Vault does not hold, so it could not be"
              + " put back if its successor failed; put that certificate and key in Vault, or delete the custom"
              + " certificate so the node serves its default, then run again");
    }
    IssuedCertificate issued;
    try {
      issued = issuing.issue(storeId, node, policy.issuer());
    } catch (ActivityFailure e) {
      return result(cert, NodeOutcome.NOT_ISSUED, reason, now, cert.fingerprint(), cert.notAfter(), outsideWindow,
          SiteProblem.of(storeId, "issuing a certificate from " + policy.issuer(), e).detail());
    }
    String failure;
    try {
      site.deploy(storeId, node, issued.fingerprint());
      String serving = site.servedFingerprint(storeId, node, issued.fingerprint());
      if (serving.equals(issued.fingerprint())) {
        site.promote(storeId, node, issued.fingerprint());
        return result(cert, NodeOutcome.RENEWED, reason, now, issued.fingerprint(), issued.notAfter(), outsideWindow, null);
      }
      failure = "after the upload the node served " + serving + " instead of the new certificate " + issued.fingerprint();
    } catch (ActivityFailure | CanceledFailure e) {
      if (e instanceof CanceledFailure || e.getCause() instanceof CanceledFailure) {
        // a cancelled run still leaves the node serving a certificate its clients trust
        Workflow.newDetachedCancellationScope(() -> restore(cert, reason, now, outsideWindow, "the run was cancelled")).run();
        throw e;
      }
      failure = SiteProblem.of(storeId, "deploying the new certificate", (ActivityFailure) e).detail();
    }
    return restore(cert, reason, now, outsideWindow, failure);
  }

  /** The new certificate failed: put the previous one back and check by handshake that the node serves it. */
  private NodeRotation restore(ServedCertificate cert, RenewalReason reason, Instant now, boolean outsideWindow, String failure) {
    String node = cert.node();
    try {
      String expected = site.restorePrevious(storeId, node);
      String serving = site.servedFingerprint(storeId, node, expected);
      if (serving.equals(expected)) {
        return result(cert, NodeOutcome.RESTORED, reason, now, serving, cert.notAfter(), outsideWindow,
            failure + "; the previous certificate is served again");
      }
      return result(cert, NodeOutcome.BROKEN, reason, now, serving, null, outsideWindow,
          failure + "; after putting the previous certificate back the node serves " + serving + ", not " + expected);
    } catch (ActivityFailure e) {
      return result(cert, NodeOutcome.BROKEN, reason, now, null, null, outsideWindow,
          failure + "; " + SiteProblem.of(storeId, "putting the previous certificate back", e).detail());
    }
  }

  private NodeRotation result(ServedCertificate cert, NodeOutcome outcome, RenewalReason reason, Instant now,
      String serving, Instant notAfter, boolean outsideWindow, String detail) {
    String why = reason == null ? null : reason.explain(cert, policy, now);
    return new NodeRotation(cert.node(), outcome, reason, why, cert.fingerprint(), serving, notAfter, outsideWindow, detail);
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
