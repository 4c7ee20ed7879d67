package dev.edgerunbooks.workflows.patch;

/** One store's change. Workflow id: {@code patch/<bundle>/<store>}. */
public record StorePatchPlan(BundleManifest bundle, PatchStore store, PatchCalendar calendar) {}
