package dev.edgerunbooks.workflows.common;

/** The task queues of the fleet: one central queue, one per store (polled by that store's own worker). */
public final class TaskQueues {
  public static final String CENTRAL = "edge-central";
  private static final String SITE_PREFIX = "site-";

  private TaskQueues() {}

  public static String site(String storeId) {
    return SITE_PREFIX + storeId;
  }
}
