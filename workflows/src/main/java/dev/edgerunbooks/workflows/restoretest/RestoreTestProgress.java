package dev.edgerunbooks.workflows.restoretest;

import java.util.List;

/**
 * @param phase planning, restoring, reporting or done
 * @param regionsRunning the lease workflow ids ({@code staging/<region>}) still restoring; query
 *     them for guest-level progress
 */
public record RestoreTestProgress(
    String phase, int total, int done, int passed, int failed, List<String> regionsRunning) {}
