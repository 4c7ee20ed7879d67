package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code GET /nodes/{node}/qemu/{vmid}/agent/exec-status}: a command started with agent/exec.
 *
 * @param exitcode set once the process exited normally
 * @param signal set when it was killed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentExecStatus(
    boolean exited,
    Integer exitcode,
    Integer signal,
    @JsonProperty("out-data") String outData,
    @JsonProperty("err-data") String errData,
    @JsonProperty("out-truncated") Boolean outTruncated,
    @JsonProperty("err-truncated") Boolean errTruncated) {}
