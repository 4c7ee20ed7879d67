package dev.edgerunbooks.workflows.certrotation;

import dev.edgerunbooks.workflows.common.StoreCalendar;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A scripted store and central side for certificate rotation. */
final class CertFakes {
  private CertFakes() {}

  static CertPolicy policy(StoreCalendar calendar) {
    return new CertPolicy(Duration.ofDays(30), Duration.ofDays(60), Duration.ofDays(21), CertIssuer.VAULT_PKI, 2, calendar);
  }

  static ServedCertificate cert(String node, Instant now, int ageDays, int daysLeft) {
    return new ServedCertificate(node, "OLD-" + node, "CN=" + node, "CN=lab", now.minus(Duration.ofDays(ageDays)),
        now.plus(Duration.ofDays(daysLeft)).plus(Duration.ofHours(1)), false, true);
  }

  static final class Planner implements CertRotationPlanActivities {
    final CertRotationPlan plan;
    final List<CertRotationRequest> asked = Collections.synchronizedList(new ArrayList<>());

    Planner(CertRotationPlan plan) {
      this.plan = plan;
    }

    @Override
    public CertRotationPlan plan(CertRotationRequest request) {
      asked.add(request);
      return plan;
    }
  }

  static final class Reports implements CertRotationReportActivities {
    final List<CertRotationSummary> written = Collections.synchronizedList(new ArrayList<>());

    @Override
    public String write(CertRotationSummary summary) {
      written.add(summary);
      return summary.runId() + "/report.json";
    }
  }

  /** One store: what each node serves, and the faults to play. */
  static final class Site implements StoreCertActivities {
    final TestWorkflowEnvironment env;
    final Map<String, ServedCertificate> certs = new LinkedHashMap<>();
    final Map<String, String> serving = new LinkedHashMap<>();
    final Set<String> issueFails = new HashSet<>();
    final Set<String> brokenAfterDeploy = new HashSet<>();
    final Set<String> restoreFails = new HashSet<>();
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Instant> deployedAt = new LinkedHashMap<>();
    boolean unreachable;
    /** When set, a handshake expecting a new certificate waits for it (a node slow to restart). */
    java.util.concurrent.CountDownLatch slowRestart;

    Site(TestWorkflowEnvironment env, List<ServedCertificate> served) {
      this.env = env;
      for (ServedCertificate c : served) {
        certs.put(c.node(), c);
        serving.put(c.node(), c.fingerprint());
      }
    }

    @Override
    public List<ServedCertificate> inspect(String storeId) {
      if (unreachable) throw ApplicationFailure.newNonRetryableFailure("connection refused", "StoreUnreachable");
      calls.add("inspect");
      return List.copyOf(certs.values());
    }

    @Override
    public IssuedCertificate issue(String storeId, String node, CertIssuer issuer) {
      calls.add("issue " + node);
      if (issueFails.contains(node)) throw ApplicationFailure.newNonRetryableFailure("rate limited", "CertificateNotIssued");
      Instant now = Instant.ofEpochMilli(env.currentTimeMillis());
      return new IssuedCertificate(node, "NEW-" + node, "01", now, now.plus(Duration.ofDays(90)), issuer);
    }

    @Override
    public synchronized void deploy(String storeId, String node, String fingerprint) {
      calls.add("deploy " + node);
      deployedAt.put(node, Instant.ofEpochMilli(env.currentTimeMillis()));
      serving.put(node, brokenAfterDeploy.contains(node) ? "BROKEN-" + node : fingerprint);
    }

    @Override
    public String servedFingerprint(String storeId, String node, String expected) {
      calls.add("handshake " + node);
      if (slowRestart != null && expected.startsWith("NEW-")) {
        try {
          slowRestart.await(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return serving.get(node);
    }

    @Override
    public void promote(String storeId, String node, String fingerprint) {
      calls.add("promote " + node);
    }

    @Override
    public synchronized String restorePrevious(String storeId, String node) {
      calls.add("restore " + node);
      if (restoreFails.contains(node)) throw ApplicationFailure.newNonRetryableFailure("node gone", "ProxmoxServerError");
      serving.put(node, certs.get(node).fingerprint());
      return certs.get(node).fingerprint();
    }
  }
}
