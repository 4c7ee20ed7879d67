package dev.edgerunbooks.workflows.patch;

import dev.edgerunbooks.workflows.common.StoreCalendar;

/** One store's change. Workflow id: {@code patch/<bundle>/<store>}. */
public record StorePatchPlan(BundleManifest bundle, PatchStore store, StoreCalendar calendar) {}
