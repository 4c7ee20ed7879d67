package dev.edgerunbooks.workers.central;

import dev.edgerunbooks.runbooks.RunbookValidationException;
import dev.edgerunbooks.runbooks.ValidationProblem;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.GuestDefinition;
import dev.edgerunbooks.runbooks.fleet.PbsDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import dev.edgerunbooks.runbooks.fleet.UnknownStoreException;
import dev.edgerunbooks.runbooks.probes.ProbesDefinition;
import dev.edgerunbooks.runbooks.probes.RoleProbe;
import dev.edgerunbooks.runbooks.rotation.RotationDefinition;
import dev.edgerunbooks.runbooks.rotation.RotationLoader;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.staging.BackupSource;
import dev.edgerunbooks.workflows.staging.GuestProbe;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** What the central plan activities share: resolving stores, and turning definitions into plan records. */
final class CentralPlans {

  private CentralPlans() {}

  /**
   * The stores with these ids, or the whole fleet when there are none.
   *
   * @throws ApplicationFailure non-retryable {@link FailureTypes#UNKNOWN_STORE}, with the closest known ids
   */
  static List<StoreDefinition> stores(FleetDefinition fleet, List<String> ids) {
    try {
      return ids.isEmpty() ? fleet.stores() : fleet.storesOf(ids);
    } catch (UnknownStoreException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.UNKNOWN_STORE);
    }
  }

  /** @throws ApplicationFailure non-retryable {@link FailureTypes#RUNBOOK_INVALID} listing every problem */
  static void requireValid(List<ValidationProblem> problems) {
    if (!problems.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          new RunbookValidationException(problems).getMessage(), FailureTypes.RUNBOOK_INVALID);
    }
  }

  /** rotation.yaml, read afresh for each run: a change applies to the next run, and a broken file refuses the run, not the workers. */
  static RotationDefinition rotation(Path runbooksDir, FleetDefinition fleet, Clock clock) {
    try {
      return RotationLoader.load(runbooksDir.resolve(RotationLoader.FILE_NAME), fleet, clock);
    } catch (RunbookValidationException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.RUNBOOK_INVALID);
    }
  }

  static ApplicationFailure invalidRequest(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.INVALID_REQUEST);
  }

  /** Where a staging cluster reads the store's backups: its PBS, with the fleet's PBS token. */
  static BackupSource backupSource(FleetDefinition fleet, StoreDefinition store) {
    PbsDefinition pbs = store.pbs();
    return new BackupSource(store.id(), BackupSource.storageIdFor(store.id()), pbs.endpoint().getHost(),
        pbs.endpoint().getPort(), pbs.datastore(), pbs.fingerprint(), fleet.defaults().pbsTokenId().value());
  }

  /**
   * The probe of the guest's role, with what its type uses: the command for a VM, the interface for a
   * container. Call after {@link ProbesDefinition#problemsFor} found nothing.
   */
  static GuestProbe probe(ProbesDefinition probes, GuestDefinition guest) {
    RoleProbe p = probes.probeFor(guest).orElseThrow(() -> new IllegalStateException(
        "no " + guest.type().apiName() + " probe for role " + guest.role() + ": the plan checks probes first"));
    return switch (guest.type()) {
      case QEMU -> new GuestProbe(p.role(), p.exec(), p.expectExit(), p.expectOutput().orElse(null), null, p.timeout());
      case LXC -> new GuestProbe(p.role(), List.of(), 0, null, p.interfaceName().orElseThrow(), p.timeout());
    };
  }
}
