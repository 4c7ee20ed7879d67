package dev.edgerunbooks.workflows.certrotation;

import java.time.Instant;

/** A node whose certificate is close to expiry and not renewed: someone must look before it expires. */
public record Escalation(String storeId, String node, Instant notAfter, long daysLeft, String reason) {}
