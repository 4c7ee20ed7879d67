package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A PBS datastore ({@code GET /admin/datastore}).
 *
 * @param backendType {@code filesystem} or {@code s3}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Datastore(
    String store,
    String comment,
    String maintenance,
    @JsonProperty("mount-status") String mountStatus,
    @JsonProperty("backend-type") String backendType) {}
