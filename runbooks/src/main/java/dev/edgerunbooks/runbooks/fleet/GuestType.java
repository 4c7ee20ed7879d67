package dev.edgerunbooks.runbooks.fleet;

import java.util.Locale;

/** The two kinds of PVE guest; the API paths differ ({@code /qemu/} vs {@code /lxc/}). */
public enum GuestType {
  QEMU,
  LXC;

  /** As the PVE API writes it: {@code qemu}, {@code lxc}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
