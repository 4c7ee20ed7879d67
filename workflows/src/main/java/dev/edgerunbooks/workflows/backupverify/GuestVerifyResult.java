package dev.edgerunbooks.workflows.backupverify;

import java.time.Duration;
import java.time.Instant;

/**
 * @param backupTime the newest backup's time, null when there is none
 * @param rpoAchieved the age of the newest backup when it was checked, null when there is none
 * @param reason why it failed, null when it passed
 */
public record GuestVerifyResult(
    int vmid,
    String name,
    String role,
    boolean passed,
    Instant backupTime,
    Duration rpoAchieved,
    Duration rpoTarget,
    String verifyState,
    String reason) {}
