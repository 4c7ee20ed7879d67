package dev.edgerunbooks.runbooks.restoretest;

import dev.edgerunbooks.runbooks.fleet.FleetLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** VMIDs {@code first} to {@code last}, both included, reserved on a staging cluster; written {@code 9000-9099}. */
public record VmidRange(int first, int last) {
  public static final String FIX = "write first-last within PVE's VMIDs " + FleetLoader.MIN_VMID + " to "
      + FleetLoader.MAX_VMID + ", in quotes, e.g. vmidRange: \"9000-9099\"";

  private static final Pattern FORMAT = Pattern.compile("\\s*(\\d{1,10})\\s*-\\s*(\\d{1,10})\\s*");

  public VmidRange {
    if (first < FleetLoader.MIN_VMID || last > FleetLoader.MAX_VMID || first > last) {
      throw new IllegalArgumentException("not a VMID range: " + first + "-" + last);
    }
  }

  /** @throws IllegalArgumentException saying what is wrong with {@code text} */
  public static VmidRange parse(String text) {
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a VMID range");
    }
    long first = Long.parseLong(m.group(1));
    long last = Long.parseLong(m.group(2));
    if (first < FleetLoader.MIN_VMID || last > FleetLoader.MAX_VMID) {
      throw new IllegalArgumentException("\"" + text + "\" goes beyond PVE's VMIDs "
          + FleetLoader.MIN_VMID + " to " + FleetLoader.MAX_VMID);
    }
    if (first > last) {
      throw new IllegalArgumentException("\"" + text + "\" is empty: its first VMID is above its last");
    }
    return new VmidRange((int) first, (int) last);
  }

  public int size() {
    return last - first + 1;
  }

  public boolean contains(int vmid) {
    return vmid >= first && vmid <= last;
  }

  /** {@code 9000-9099}, as {@link #parse} reads it. */
  @Override
  public String toString() {
    return first + "-" + last;
  }
}
