package dev.edgerunbooks.workflows.tokenrotation;

public record StoreTokenInput(TokenStore store, TokenPolicy policy, boolean force, boolean dryRun) {}
