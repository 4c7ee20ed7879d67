package dev.edgerunbooks.workflows.patch;

import java.util.List;

/**
 * The store's answer before a change.
 *
 * @param problems why the store must not be changed now (a node offline, Ceph not HEALTH_OK, guests on
 *     different bundles…); empty when it may
 * @param runningBundle the bundle every guest runs; null when they disagree or carry none
 * @param nodesToUpgrade nodes whose installed packages differ from the bundle's host package set, in upgrade order
 */
public record StorePreflight(
    String storeId, List<String> problems, String runningBundle, List<String> nodes, List<PatchGuest> guests, List<String> nodesToUpgrade) {
  public StorePreflight {
    problems = List.copyOf(problems);
    nodes = List.copyOf(nodes);
    guests = List.copyOf(guests);
    nodesToUpgrade = List.copyOf(nodesToUpgrade);
  }
}
