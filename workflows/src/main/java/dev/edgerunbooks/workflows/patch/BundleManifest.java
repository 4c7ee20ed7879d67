package dev.edgerunbooks.workflows.patch;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a signed bundle installs: the host package set of every node and the workload version of each
 * guest role. Only its verified form reaches a workflow.
 *
 * @param version calendar version, {@code 2026.12.0}; guests are tagged {@code bundle-<version>}
 * @param hostPackages Debian package name to version; empty when the bundle changes no host
 * @param guestWorkloads guest role (pos, web, cache…) to the workload version the guest's pull agent installs
 * @param sha256 hex SHA-256 of the manifest's bytes, as signed
 */
public record BundleManifest(
    String version, Map<String, String> hostPackages, Map<String, String> guestWorkloads, String sha256) {
  public BundleManifest {
    hostPackages = Map.copyOf(new TreeMap<>(hostPackages));
    guestWorkloads = Map.copyOf(new TreeMap<>(guestWorkloads));
  }

  /** The snapshot every guest gets before the change, so a retried step finds it instead of taking another. */
  public String snapshotName() {
    return snapshotName(version);
  }

  /** {@code pre-<version>} with the characters PVE snapshot names do not allow made dashes. */
  public static String snapshotName(String version) {
    return "pre-" + version.replaceAll("[^A-Za-z0-9_-]", "-");
  }
}
