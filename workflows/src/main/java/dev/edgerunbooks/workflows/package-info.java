/**
 * Workflows, their ports (activity interfaces) and model records. Deterministic by construction:
 * this module sees only the Temporal SDK, no I/O library and no Spring (an ArchUnit test holds it).
 */
package dev.edgerunbooks.workflows;
