package dev.edgerunbooks.activities.proxmox;

import java.time.Duration;

/**
 * How a store's API clients behave on the wire. Per store, because a store on a slow WAN link needs
 * longer timeouts and a small one a lower request rate.
 *
 * @param requestsPerSecond requests per second to the whole store (PVE and PBS together); 0 or less
 *     means unlimited
 * @param taskPollInterval how often a running task's status is polled
 * @param pollErrorsTolerated how many transient errors in a row task polling rides out
 */
public record ClientSettings(
    Duration connectTimeout,
    Duration requestTimeout,
    double requestsPerSecond,
    Duration taskPollInterval,
    int pollErrorsTolerated) {

  public static ClientSettings defaults() {
    return new ClientSettings(Duration.ofSeconds(5), Duration.ofSeconds(30), 10, Duration.ofSeconds(2), 5);
  }

  public ClientSettings withTaskPollInterval(Duration interval) {
    return new ClientSettings(connectTimeout, requestTimeout, requestsPerSecond, interval, pollErrorsTolerated);
  }

  public ClientSettings withRequestTimeout(Duration timeout) {
    return new ClientSettings(connectTimeout, timeout, requestsPerSecond, taskPollInterval, pollErrorsTolerated);
  }

  public ClientSettings withRequestsPerSecond(double rate) {
    return new ClientSettings(connectTimeout, requestTimeout, rate, taskPollInterval, pollErrorsTolerated);
  }
}
