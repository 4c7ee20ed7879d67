package dev.edgerunbooks.activities.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgerunbooks.activities.proxmox.AptPackage;
import dev.edgerunbooks.activities.store.NodeEndpoint;
import dev.edgerunbooks.activities.store.StoreEndpoints;
import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts: bundle tags, host package and kernel checks, the Prometheus text parser, the upgrade command. */
class PatchUnitsTest {
  @TempDir Path dir;

  @Test
  void bundleTagsReplaceOnlyTheBundleTag() {
    assertThat(BundleTags.version("pos;bundle-2026.11.0;pci")).isEqualTo("2026.11.0");
    assertThat(BundleTags.version("pos,web")).isNull();
    assertThat(BundleTags.version(null)).isNull();
    assertThat(BundleTags.withVersion("pos;Bundle-2026.11.0;pci", "2026.12.0")).isEqualTo("pos;pci;bundle-2026.12.0");
    assertThat(BundleTags.withVersion(null, "2026.12.0")).isEqualTo("bundle-2026.12.0");
  }

  static AptPackage pkg(String name, String installed) {
    return new AptPackage(name, installed, installed, "Installed", null, null);
  }

  @Test
  void hostPackagesDifferOnlyInTheBundlesPackagesAndTheKernelDecidesTheReboot() {
    List<AptPackage> apt = List.of(
        new AptPackage("proxmox-ve", "9.1.0", "9.1.0", "Installed", "6.17.2-1-pve", "9.1.1"),
        pkg("pve-manager", "9.1.1"),
        pkg("proxmox-kernel-6.17.2-1-pve-signed", "6.17.2-1"),
        pkg("proxmox-kernel-6.17.10-1-pve-signed", "6.17.10-1"),
        new AptPackage("zfsutils-linux", "2.3.4", null, "NotInstalled", null, null));

    assertThat(HostPackages.differing(apt, Map.of("pve-manager", "9.1.1"))).isEmpty();
    assertThat(HostPackages.differing(apt, Map.of("pve-manager", "9.1.4", "zfsutils-linux", "2.3.4")))
        .containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("pve-manager", "9.1.4", "zfsutils-linux", "2.3.4")));
    assertThat(HostPackages.newestKernel(apt)).contains("6.17.10-1-pve");
    assertThat(HostPackages.rebootRequired(apt)).isTrue();
    assertThat(HostPackages.rebootRequired(apt.subList(0, 3))).isFalse();
    assertThat(HostPackages.describe(apt, Map.of("pve-manager", "9.1.4"))).isEqualTo("pve-manager (installed 9.1.1, wanted 9.1.4)");
  }

  @Test
  void prometheusTextIsParsedWithLabelsAndEscapes() {
    List<PrometheusText.Sample> samples = PrometheusText.parse("""
        # HELP edge_ttfb_p95_seconds x
        # TYPE edge_ttfb_p95_seconds gauge
        edge_ttfb_p95_seconds{store="store-0001"} 0.1834
        edge_bundle_info{store="store-0001",version="2026.11.0"} 1 1700000000000
        odd{a="x\\"y,z}", b="\\\\"} NaN
        plain 3e2

        broken{a="x" 1
        """);

    assertThat(samples).hasSize(4);
    assertThat(samples.get(0).labels()).containsEntry("store", "store-0001");
    assertThat(samples.get(0).value()).isEqualTo(0.1834);
    assertThat(samples.get(1).labels()).containsEntry("version", "2026.11.0");
    assertThat(samples.get(2).labels()).containsEntry("a", "x\"y,z}").containsEntry("b", "\\");
    assertThat(samples.get(2).value()).isNaN();
    assertThat(samples.get(3).value()).isEqualTo(300.0);
  }

  @Test
  void theUpgradeCommandGetsThePackagesAsArgumentsAndTheNodesAddress() throws Exception {
    StoreEndpoints endpoints = new StoreEndpoints("store-0001",
        List.of(new NodeEndpoint("pve2", URI.create("https://10.1.2.12:8006"), "AA")), null, "t@pve!x", null);
    Path out = dir.resolve("called");
    CommandNodeUpgrader upgrader = new CommandNodeUpgrader(
        List.of("sh", "-c", "echo \"$@\" > " + out, "upgrade", "root@{node-address}", "{node}", "{packages}"),
        Duration.ofSeconds(10), endpoints);

    assertThat(upgrader.upgrade("store-0001", "pve2", Map.of("pve-manager", "9.1.4", "libpve-common-perl", "9.0.9")).changed()).isTrue();

    assertThat(Files.readString(out).strip()).isEqualTo("root@10.1.2.12 pve2 libpve-common-perl=9.0.9 pve-manager=9.1.4");
  }

  @Test
  void aFailedUpgradeIsANonRetryableUpgradeFailedWithTheOutputsTail() {
    CommandNodeUpgrader upgrader = new CommandNodeUpgrader(
        List.of("sh", "-c", "echo 'E: Unable to locate package pve-manager=9.9'; exit 100"), Duration.ofSeconds(10), null);

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> upgrader.upgrade("store-0001", "pve1", Map.of("pve-manager", "9.9")));

    assertThat(failure.getType()).isEqualTo(FailureTypes.UPGRADE_FAILED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("upgrade of node pve1 of store-0001", "exited with 100", "Unable to locate package");
  }

  @Test
  void aPackageThatIsNotDebianSyntaxIsRefusedBeforeAnythingRuns() {
    CommandNodeUpgrader upgrader = new CommandNodeUpgrader(List.of("false"), Duration.ofSeconds(10), null);

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> upgrader.upgrade("store-0001", "pve1", Map.of("pve-manager; reboot", "1")));

    assertThat(failure.getType()).isEqualTo(FailureTypes.UPGRADE_FAILED);
    assertThat(failure.getOriginalMessage()).contains("is not a Debian package name and version");
  }
}
