package dev.edgerunbooks.workflows.patch;

import dev.edgerunbooks.workflows.common.StoreCalendar;

import java.util.List;

/**
 * Part of a wave, run by one {@link PatchBatchWorkflow}: {@code patch-wave/<bundle>/w<wave>/<mode>-<batch>}.
 *
 * @param stores the stores, in order
 * @param patched for RELEASE and ROLLBACK: the stores' results from the PATCH batches (previous bundle, host upgraded)
 * @param failureAllowance failures the wave can still take; PATCH keeps {@code failed + in flight <= allowance}
 */
public record PatchBatch(
    BundleManifest bundle,
    int wave,
    int batch,
    BatchMode mode,
    List<PatchStore> stores,
    List<StorePatchResult> patched,
    int concurrency,
    int failureAllowance,
    StoreCalendar calendar) {
  public PatchBatch {
    stores = List.copyOf(stores);
    patched = List.copyOf(patched);
  }
}
