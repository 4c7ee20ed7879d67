package dev.edgerunbooks.lab;

/**
 * Faults of the lab's Vault stand-in ({@link Lab#vaultFaults()}): sealed (every request answers 503
 * {@code {"errors":["Vault is sealed"]}}, but {@code sys/health} answers 503 with its body and {@code sys/seal-status} 200,
 * both saying sealed) and unreachable (its port refuses connections; cleared, it listens on the same port again).
 */
public final class VaultFaults {
    private final VaultServer server;
    volatile boolean sealed;
    private volatile boolean unreachable;

    VaultFaults(VaultServer server) { this.server = server; }

    /** Seals or unseals Vault. */
    public VaultFaults sealed(boolean on) {
        sealed = on;
        return this;
    }

    /** Closes Vault's port (open connections are reset), or binds it again. */
    public VaultFaults unreachable(boolean on) {
        synchronized (this) {
            unreachable = on;
            server.reachable(!on);
        }
        return this;
    }

    public boolean isSealed() { return sealed; }

    public boolean isUnreachable() { return unreachable; }

    /** Unsealed and reachable. */
    public VaultFaults clear() {
        return sealed(false).unreachable(false);
    }
}
