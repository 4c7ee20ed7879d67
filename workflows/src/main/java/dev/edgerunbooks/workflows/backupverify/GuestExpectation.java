package dev.edgerunbooks.workflows.backupverify;

import java.time.Duration;

/** A guest the fleet definition says the store runs, and how fresh its backup must be. */
public record GuestExpectation(int vmid, String name, String role, Duration rpo) {}
