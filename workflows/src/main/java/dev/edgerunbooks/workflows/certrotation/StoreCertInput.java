package dev.edgerunbooks.workflows.certrotation;

public record StoreCertInput(CertStore store, CertPolicy policy, boolean force, boolean dryRun) {}
