package dev.edgerunbooks.workflows.restoretest;

import java.time.Duration;

/**
 * @param restore how long one restore task may take
 * @param boot how long a started guest may take until its agent answers (VM) or its network is up
 *     (container); after that it is reported as not booting
 * @param siteResponse how long the staging worker may take to pick up work before the staging
 *     cluster is reported unreachable
 */
public record RestoreTimeouts(Duration restore, Duration boot, Duration siteResponse) {}
