package dev.edgerunbooks.workers;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The edge-runbooks process. Its profile says what it runs: {@code embedded} (default: everything
 * in one process, on a simulated fleet), {@code cluster} (the central worker against a real
 * Temporal), {@code site} (one store's worker, holding only that store's credentials).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EdgeRunbooksApplication {}
