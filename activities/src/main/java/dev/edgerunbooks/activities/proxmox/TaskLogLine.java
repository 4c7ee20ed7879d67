package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One line of a task log: its number and text. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskLogLine(int n, String t) {}
