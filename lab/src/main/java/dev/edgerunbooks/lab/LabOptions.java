package dev.edgerunbooks.lab;

import java.time.Clock;
import java.time.Duration;

/** Immutable options of a {@link Lab}; start from {@link #defaults()} and use the withers. */
public record LabOptions(int stores, int basePort, int adminPort, double timeScale, String seed,
                         Duration authFailureDelay, Clock clock, boolean staging) {

    public static LabOptions defaults() {
        return new LabOptions(20, 20000, 19999, 1.0, "edge-lab", Duration.ofSeconds(3), Clock.systemUTC(), true);
    }

    public LabOptions withStores(int v) { return new LabOptions(v, basePort, adminPort, timeScale, seed, authFailureDelay, clock, staging); }
    public LabOptions withBasePort(int v) { return new LabOptions(stores, v, adminPort, timeScale, seed, authFailureDelay, clock, staging); }
    public LabOptions withAdminPort(int v) { return new LabOptions(stores, basePort, v, timeScale, seed, authFailureDelay, clock, staging); }
    public LabOptions withTimeScale(double v) { return new LabOptions(stores, basePort, adminPort, v, seed, authFailureDelay, clock, staging); }
    public LabOptions withSeed(String v) { return new LabOptions(stores, basePort, adminPort, timeScale, v, authFailureDelay, clock, staging); }
    public LabOptions withAuthFailureDelay(Duration v) { return new LabOptions(stores, basePort, adminPort, timeScale, seed, v, clock, staging); }
    public LabOptions withClock(Clock v) { return new LabOptions(stores, basePort, adminPort, timeScale, seed, authFailureDelay, v, staging); }
    /** Whether to start one staging cluster per region (default true). */
    public LabOptions withStaging(boolean v) { return new LabOptions(stores, basePort, adminPort, timeScale, seed, authFailureDelay, clock, v); }
}
