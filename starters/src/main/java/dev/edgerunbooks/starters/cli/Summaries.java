package dev.edgerunbooks.starters.cli;

import dev.edgerunbooks.workflows.backupverify.BackupVerifySummary;
import dev.edgerunbooks.workflows.backupverify.VerifyFailure;
import java.io.PrintWriter;

/** How finished runs are printed, for `run --wait` and `status` alike. */
final class Summaries {
  private Summaries() {}

  static int printBackupVerify(Output output, BackupVerifySummary s, boolean json) {
    if (json) {
      output.json(s);
    } else {
      PrintWriter out = output.out();
      out.printf(
          "%s: %d stores, %d passed, %d failed, %d unreachable%n",
          s.workflowId(), s.stores(), s.passed(), s.failed(), s.unreachable());
      out.println("report: " + s.reportKey());
      if (!s.failures().isEmpty()) {
        out.println("problems:");
        for (VerifyFailure f : s.failures()) {
          String guest = f.vmid() == null ? "-" : f.vmid() + " " + f.guest();
          out.printf("  %-12s %-20s %-18s %s%n", f.storeId(), guest, f.kind(), f.reason());
        }
        if (s.failuresOmitted() > 0) {
          out.println("  … and " + s.failuresOmitted() + " more in the report");
        }
      }
      out.flush();
    }
    return s.failed() + s.unreachable() == 0 ? ExitCodes.OK : ExitCodes.PROBLEMS_FOUND;
  }
}
