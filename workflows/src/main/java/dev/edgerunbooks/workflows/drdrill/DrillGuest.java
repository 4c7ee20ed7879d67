package dev.edgerunbooks.workflows.drdrill;

import dev.edgerunbooks.workflows.staging.GuestProbe;

/** A guest in the drill's boot order. */
public record DrillGuest(int vmid, String name, String role, String type, GuestProbe probe) {}
