package dev.edgerunbooks.workflows.backupverify;

import java.time.Duration;

/** Durations as operators write them in the runbook files: {@code 26h}, {@code 30h12m}, {@code 45s}. */
final class DurationText {
  private DurationText() {}

  static String of(Duration d) {
    long s = d.getSeconds();
    long hours = s / 3600;
    long minutes = (s % 3600) / 60;
    long seconds = s % 60;
    StringBuilder out = new StringBuilder();
    if (hours > 0) out.append(hours).append('h');
    if (minutes > 0) out.append(minutes).append('m');
    if (seconds > 0 || out.length() == 0) out.append(seconds).append('s');
    return out.toString();
  }
}
