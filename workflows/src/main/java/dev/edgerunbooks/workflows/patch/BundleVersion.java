package dev.edgerunbooks.workflows.patch;

import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * Orders bundle versions: dot-separated numbers compared numerically ({@code 2026.9.1 < 2026.11.0}),
 * an optional {@code -suffix} sorting before the plain version, as in semantic versioning.
 */
public final class BundleVersion {
  public static final Pattern FORMAT = Pattern.compile("\\d+(\\.\\d+){1,3}(-[A-Za-z0-9.]+)?");
  public static final Comparator<String> ORDER = BundleVersion::compare;

  private BundleVersion() {}

  public static boolean isValid(String version) {
    return version != null && FORMAT.matcher(version).matches();
  }

  public static int compare(String a, String b) {
    String[] as = a.split("-", 2);
    String[] bs = b.split("-", 2);
    String[] an = as[0].split("\\.");
    String[] bn = bs[0].split("\\.");
    for (int i = 0; i < Math.max(an.length, bn.length); i++) {
      long x = i < an.length ? Long.parseLong(an[i]) : 0;
      long y = i < bn.length ? Long.parseLong(bn[i]) : 0;
      if (x != y) return Long.compare(x, y);
    }
    if (as.length != bs.length) return as.length > bs.length ? -1 : 1;
    return as.length == 1 ? 0 : as[1].compareTo(bs[1]);
  }
}
