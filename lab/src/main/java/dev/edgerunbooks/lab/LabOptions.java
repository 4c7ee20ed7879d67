package dev.edgerunbooks.lab;

import java.time.Clock;
import java.time.Duration;

/** Immutable options of a {@link Lab}; start from {@link #defaults()} and use the withers. */
public record LabOptions(int stores, int basePort, int adminPort, double timeScale, String seed,
                         Duration authFailureDelay, Clock clock, boolean staging, boolean wipedStaging) {

    public static LabOptions defaults() {
        return new LabOptions(20, 20000, 19999, 1.0, "edge-lab", Duration.ofSeconds(3), Clock.systemUTC(), true, false);
    }

    public LabOptions withStores(int v) { return new LabOptions(v, basePort, adminPort, timeScale, seed, authFailureDelay, clock, staging, wipedStaging); }
    public LabOptions withBasePort(int v) { return new LabOptions(stores, v, adminPort, timeScale, seed, authFailureDelay, clock, staging, wipedStaging); }
    public LabOptions withAdminPort(int v) { return new LabOptions(stores, basePort, v, timeScale, seed, authFailureDelay, clock, staging, wipedStaging); }
    public LabOptions withTimeScale(double v) { return new LabOptions(stores, basePort, adminPort, v, seed, authFailureDelay, clock, staging, wipedStaging); }
    public LabOptions withSeed(String v) { return new LabOptions(stores, basePort, adminPort, timeScale, v, authFailureDelay, clock, staging, wipedStaging); }
    public LabOptions withAuthFailureDelay(Duration v) { return new LabOptions(stores, basePort, adminPort, timeScale, seed, v, clock, staging, wipedStaging); }
    public LabOptions withClock(Clock v) { return new LabOptions(stores, basePort, adminPort, timeScale, seed, authFailureDelay, v, staging, wipedStaging); }
    /** Whether to start one staging cluster per region (default true). */
    public LabOptions withStaging(boolean v) { return new LabOptions(stores, basePort, adminPort, timeScale, seed, authFailureDelay, clock, v, wipedStaging); }
    /** Whether staging clusters start as bare, freshly installed standalone nodes (as after {@link Lab#reinstall}); default false. */
    public LabOptions withWipedStaging(boolean v) { return new LabOptions(stores, basePort, adminPort, timeScale, seed, authFailureDelay, clock, staging, v); }
}
