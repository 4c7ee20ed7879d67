package dev.edgerunbooks.workflows.restoretest;

import java.util.List;

/** @param running the guests being restored now, {@code store/vmid} */
public record StagingRestoreProgress(
    String region, int total, int done, int passed, int failed, List<String> running) {}
