package dev.edgerunbooks.workflows.patch;

import java.time.Duration;

/** Incident runbook input. Workflow id: {@code evacuate-node/<store>/<node>}. */
public record EvacuateNodeRequest(String storeId, String node, String initiator, Duration siteResponseTimeout) {}
