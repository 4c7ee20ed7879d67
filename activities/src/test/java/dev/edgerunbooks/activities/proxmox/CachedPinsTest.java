package dev.edgerunbooks.activities.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CachedPinsTest {
  static final CertificatePin A = CertificatePin.parse("aa".repeat(32));
  static final CertificatePin B = CertificatePin.parse("bb".repeat(32));

  final AtomicLong nanos = new AtomicLong();
  final AtomicInteger loads = new AtomicInteger();
  final AtomicReference<Set<CertificatePin>> stored = new AtomicReference<>(Set.of(A));
  final AtomicReference<RuntimeException> down = new AtomicReference<>();
  final CachedPins pins = new CachedPins(() -> {
    loads.incrementAndGet();
    if (down.get() != null) {
      throw down.get();
    }
    return stored.get();
  }, Duration.ofSeconds(10), nanos::get);

  @Test
  void pinsAreReadOncePerTtlAndARefreshReadsAtOnce() {
    assertThat(pins.pins()).containsExactly(A);
    stored.set(Set.of(B));
    nanos.addAndGet(Duration.ofSeconds(9).toNanos());
    assertThat(pins.pins()).containsExactly(A);
    assertThat(loads.get()).isEqualTo(1);

    assertThat(pins.refresh()).containsExactly(B);
    assertThat(pins.pins()).containsExactly(B);
    assertThat(loads.get()).isEqualTo(2);

    nanos.addAndGet(Duration.ofSeconds(10).toNanos());
    pins.pins();
    assertThat(loads.get()).isEqualTo(3);
  }

  @Test
  void aFailedReloadKeepsTheLastPinsButAFailedRefreshThrows() {
    pins.pins();
    down.set(new IllegalStateException("pin store down"));
    nanos.addAndGet(Duration.ofMinutes(1).toNanos());

    assertThat(pins.pins()).containsExactly(A);
    assertThat(catchThrowable(pins::refresh)).hasMessage("pin store down");
  }
}
