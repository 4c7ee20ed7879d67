package dev.edgerunbooks.workflows.backupverify;

import dev.edgerunbooks.workflows.common.RunScope;
import java.util.List;

/**
 * @param stores the stores to verify; empty means the whole fleet
 * @param maxConcurrentStores how many store workflows run at once (0 = the default, 50)
 * @param dryRun plan only: which stores, which guests each is expected to have and their RPO targets;
 *     no store is asked anything and no report is written (a request recorded before this field
 *     existed reads as false)
 * @param requestedBy who or what started the run (a user, or the schedule's name)
 */
public record BackupVerifyRequest(List<String> stores, int maxConcurrentStores, boolean dryRun, String requestedBy)
    implements RunScope {
  public static final int DEFAULT_CONCURRENCY = 50;

  public BackupVerifyRequest {
    stores = stores == null ? List.of() : List.copyOf(stores);
  }

  public int concurrency() {
    return maxConcurrentStores > 0 ? maxConcurrentStores : DEFAULT_CONCURRENCY;
  }

  @Override
  public String startedBy() {
    return requestedBy;
  }
}
