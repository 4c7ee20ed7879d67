package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A PBS sync job and its last run ({@code GET /admin/sync}).
 *
 * @param lastRunState {@code ok} or the error, null when it never ran
 * @param lastRunEndtime epoch seconds, null when it never ran
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncJobStatus(
    String id,
    String store,
    String remote,
    @JsonProperty("remote-store") String remoteStore,
    @JsonProperty("sync-direction") String syncDirection,
    String schedule,
    @JsonProperty("last-run-upid") String lastRunUpid,
    @JsonProperty("last-run-state") String lastRunState,
    @JsonProperty("last-run-endtime") Long lastRunEndtime,
    @JsonProperty("next-run") Long nextRun) {}
