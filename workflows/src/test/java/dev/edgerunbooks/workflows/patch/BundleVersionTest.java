package dev.edgerunbooks.workflows.patch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BundleVersionTest {
  @Test
  void bundleVersionsOrderNumericallyWithPreReleasesFirst() {
    assertThat(BundleVersion.compare("2026.9.1", "2026.11.0")).isNegative();
    assertThat(BundleVersion.compare("2026.12.0-rc1", "2026.12.0")).isNegative();
    assertThat(BundleVersion.compare("2026.12.0", "2026.12")).isZero();
    assertThat(BundleVersion.isValid("2026.12.0")).isTrue();
    assertThat(BundleVersion.isValid("latest")).isFalse();
  }
}
