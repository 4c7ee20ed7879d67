package dev.edgerunbooks.activities.patch;

import dev.edgerunbooks.activities.proxmox.AptPackage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a node's {@code apt/versions} says about a bundle's host packages and its kernel. A node needs
 * a reboot when the kernel it runs ({@code RunningKernel} of {@code proxmox-ve}) is not the newest
 * installed kernel package ({@code proxmox-kernel-<release>-signed}, {@code pve-kernel-<release>}),
 * as the boot loader boots the newest.
 */
public final class HostPackages {
  private static final Pattern KERNEL = Pattern.compile("(?:proxmox|pve)-kernel-(\\d+(?:\\.\\d+)+-\\d+-pve)(?:-signed)?");

  private HostPackages() {}

  /** The packages of {@code wanted} whose installed version differs, with the wanted version, by name. */
  public static Map<String, String> differing(List<AptPackage> installed, Map<String, String> wanted) {
    Map<String, String> have = installed(installed);
    Map<String, String> out = new TreeMap<>();
    wanted.forEach((name, version) -> {
      if (!Objects.equals(have.get(name), version)) {
        out.put(name, version);
      }
    });
    return out;
  }

  /** Installed version by package name. */
  public static Map<String, String> installed(List<AptPackage> packages) {
    Map<String, String> out = new LinkedHashMap<>();
    for (AptPackage p : packages) {
      if (p.name() != null && p.installed() != null) {
        out.put(p.name(), p.installed());
      }
    }
    return out;
  }

  /** {@code pkg (installed 1.2, wanted 1.3)}, for messages. */
  public static String describe(List<AptPackage> installed, Map<String, String> differing) {
    Map<String, String> have = installed(installed);
    return String.join(
        ", ",
        differing.entrySet().stream()
            .map(e -> e.getKey() + " (installed " + Optional.ofNullable(have.get(e.getKey())).orElse("none") + ", wanted " + e.getValue() + ")")
            .toList());
  }

  /** The kernel release the node runs, from {@code proxmox-ve}'s {@code RunningKernel}; empty when not reported. */
  public static Optional<String> runningKernel(List<AptPackage> packages) {
    return packages.stream().map(AptPackage::runningKernel).filter(k -> k != null && !k.isBlank()).findFirst();
  }

  /** The newest installed kernel release, e.g. {@code 6.17.4-1-pve}; empty when no kernel package is listed. */
  public static Optional<String> newestKernel(List<AptPackage> packages) {
    return packages.stream()
        .filter(p -> p.name() != null && p.installed() != null)
        .map(p -> KERNEL.matcher(p.name()))
        .filter(Matcher::matches)
        .map(m -> m.group(1))
        .max(HostPackages::compareReleases);
  }

  /** Whether the node runs another kernel than the newest installed one; false when either is unknown. */
  public static boolean rebootRequired(List<AptPackage> packages) {
    Optional<String> running = runningKernel(packages);
    Optional<String> newest = newestKernel(packages);
    return running.isPresent() && newest.isPresent() && !running.get().equals(newest.get());
  }

  /** Compares kernel releases by their numbers: {@code 6.17.10-1-pve > 6.17.9-2-pve}. */
  static int compareReleases(String a, String b) {
    return compareNumbers(numbers(a), numbers(b));
  }

  private static int compareNumbers(long[] x, long[] y) {
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      long p = i < x.length ? x[i] : 0;
      long q = i < y.length ? y[i] : 0;
      if (p != q) {
        return Long.compare(p, q);
      }
    }
    return 0;
  }

  private static long[] numbers(String release) {
    return Pattern.compile("\\D+").splitAsStream(release).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
  }
}
