package dev.edgerunbooks.runbooks.restoretest;

import dev.edgerunbooks.runbooks.Suggestions;
import dev.edgerunbooks.runbooks.ValidationProblem;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.RegionDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import dev.edgerunbooks.runbooks.staging.StagingFields;
import dev.edgerunbooks.runbooks.staging.StagingTimeouts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The weekly restore test as {@code runbooks/restore-test.yaml} declares it; load it with
 * {@link RestoreTestLoader}, select a week's guests with {@link RestoreRotation}.
 *
 * @param rotationWeeks every guest is restored at least once in this many weeks
 * @param retestFailed whether a guest whose test failed in the last run of an earlier week is tested again
 */
public record RestoreTestDefinition(
    int rotationWeeks, boolean retestFailed, RestoreStaging staging, StagingTimeouts timeouts) {

  public RestoreTestDefinition {
    if (rotationWeeks < 1) {
      throw new IllegalArgumentException("rotationWeeks must be at least 1");
    }
    Objects.requireNonNull(staging, "staging");
    Objects.requireNonNull(timeouts, "timeouts");
  }

  /** {@link #problemsFor(FleetDefinition, Collection)} for every store of the fleet. */
  public List<ValidationProblem> problemsFor(FleetDefinition fleet) {
    return problemsFor(fleet, fleet.stores());
  }

  /**
   * What keeps this definition from running against {@code fleet}: a region in {@code capacityByRegion}
   * the fleet does not declare, and a region of {@code stores} without a staging cluster.
   */
  public List<ValidationProblem> problemsFor(FleetDefinition fleet, Collection<StoreDefinition> stores) {
    List<String> regionIds = fleet.regions().stream().map(RegionDefinition::id).toList();
    List<ValidationProblem> problems = new ArrayList<>();
    for (RegionCapacity c : staging.capacityByRegion()) {
      if (fleet.region(c.region()).isEmpty()) {
        problems.add(c.location().problem("unknown region \"" + c.region() + "\"",
            Suggestions.didYouMean(c.region(), regionIds) + "use a region of fleet " + fleet.name() + ": "
                + Suggestions.list(regionIds, 10)));
      }
    }
    problems.addAll(StagingFields.regionsWithoutStaging(fleet, stores, staging.location(), "restore test"));
    return problems;
  }
}
