package dev.edgerunbooks.activities.patch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A guest's bundle pointer: its PVE tag {@code bundle-<version>}, the bundle its pull agent installs
 * at the guest's next start. PVE keeps tags {@code ;}-separated (and accepts {@code ,} and spaces on
 * input); other tags are left as they are.
 */
public final class BundleTags {
  public static final String PREFIX = "bundle-";

  private BundleTags() {}

  public static String tag(String version) {
    return PREFIX + version;
  }

  /** The guest's tags, in order. */
  public static List<String> split(String tags) {
    List<String> out = new ArrayList<>();
    if (tags == null) {
      return out;
    }
    for (String t : tags.split("[;,\\s]+")) {
      if (!t.isBlank()) {
        out.add(t.strip());
      }
    }
    return out;
  }

  /** The version of the first {@code bundle-*} tag, or null when there is none. */
  public static String version(String tags) {
    for (String t : split(tags)) {
      if (isBundleTag(t)) {
        return t.substring(PREFIX.length());
      }
    }
    return null;
  }

  /** The tags with {@code bundle-<version>} in place of every other bundle tag, the rest kept in order. */
  public static String withVersion(String tags, String version) {
    List<String> out = new ArrayList<>();
    for (String t : split(tags)) {
      if (!isBundleTag(t)) {
        out.add(t);
      }
    }
    out.add(tag(version));
    return String.join(";", out);
  }

  private static boolean isBundleTag(String tag) {
    return tag.length() > PREFIX.length() && tag.toLowerCase(Locale.ROOT).startsWith(PREFIX);
  }
}
