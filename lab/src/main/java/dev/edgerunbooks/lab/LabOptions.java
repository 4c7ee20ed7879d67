package dev.edgerunbooks.lab;

import java.time.Clock;
import java.time.Duration;

/**
 * Immutable options of a {@link Lab}; start from {@link #defaults()} and use the withers.
 *
 * @param vaultPort the Vault stand-in's port: 0 for a free one, {@link #VAULT_BESIDE_ADMIN} (the default) for 19998 when the
 *                  admin port is the default 19999 and a free one otherwise
 */
public record LabOptions(int stores, int basePort, int adminPort, double timeScale, String seed,
                         Duration authFailureDelay, Clock clock, boolean staging, boolean wipedStaging, int vaultPort) {

    /** The Vault stand-in listens on 19998 beside the default admin port 19999, on a free port beside any other. */
    public static final int VAULT_BESIDE_ADMIN = -1;

    public static LabOptions defaults() {
        return new LabOptions(20, 20000, 19999, 1.0, "edge-lab", Duration.ofSeconds(3), Clock.systemUTC(), true, false, VAULT_BESIDE_ADMIN);
    }

    public LabOptions withStores(int v) { return new LabOptions(v, basePort, adminPort, timeScale, seed, authFailureDelay, clock, staging, wipedStaging, vaultPort); }
    public LabOptions withBasePort(int v) { return new LabOptions(stores, v, adminPort, timeScale, seed, authFailureDelay, clock, staging, wipedStaging, vaultPort); }
    public LabOptions withAdminPort(int v) { return new LabOptions(stores, basePort, v, timeScale, seed, authFailureDelay, clock, staging, wipedStaging, vaultPort); }
    public LabOptions withTimeScale(double v) { return new LabOptions(stores, basePort, adminPort, v, seed, authFailureDelay, clock, staging, wipedStaging, vaultPort); }
    public LabOptions withSeed(String v) { return new LabOptions(stores, basePort, adminPort, timeScale, v, authFailureDelay, clock, staging, wipedStaging, vaultPort); }
    public LabOptions withAuthFailureDelay(Duration v) { return new LabOptions(stores, basePort, adminPort, timeScale, seed, v, clock, staging, wipedStaging, vaultPort); }
    public LabOptions withClock(Clock v) { return new LabOptions(stores, basePort, adminPort, timeScale, seed, authFailureDelay, v, staging, wipedStaging, vaultPort); }
    /** Whether to start one staging cluster per region (default true). */
    public LabOptions withStaging(boolean v) { return new LabOptions(stores, basePort, adminPort, timeScale, seed, authFailureDelay, clock, v, wipedStaging, vaultPort); }
    /** Whether staging clusters start as bare, freshly installed standalone nodes (as after {@link Lab#reinstall}); default false. */
    public LabOptions withWipedStaging(boolean v) { return new LabOptions(stores, basePort, adminPort, timeScale, seed, authFailureDelay, clock, staging, v, vaultPort); }
    /** The Vault stand-in's port: 0 for a free one (see {@link #vaultPort}). */
    public LabOptions withVaultPort(int v) { return new LabOptions(stores, basePort, adminPort, timeScale, seed, authFailureDelay, clock, staging, wipedStaging, v); }

    /** The port the Vault stand-in binds: {@link #vaultPort}, resolved. */
    int resolvedVaultPort() { return vaultPort != VAULT_BESIDE_ADMIN ? vaultPort : adminPort == 19999 ? 19998 : 0; }
}
