package dev.edgerunbooks.workflows.patch;

/** A guest of a store: {@code type} is {@code qemu} or {@code lxc}. */
public record PatchGuest(int vmid, String type, String node, String name, boolean running) {}
