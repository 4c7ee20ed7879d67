package dev.edgerunbooks.activities.proxmox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StoreRateLimitTest {
  final AtomicLong clock = new AtomicLong();
  final List<Long> sleeps = new ArrayList<>();

  StoreRateLimit limit(double perSecond) {
    // the fake clock only moves when the limiter sleeps, so nothing here depends on real time
    return new StoreRateLimit(perSecond, clock::get, nanos -> {
      sleeps.add(nanos);
      clock.addAndGet(nanos);
    });
  }

  @Test
  void spacesRequestsAtTheConfiguredRate() throws Exception {
    StoreRateLimit limit = limit(5);
    List<Long> startedAt = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      limit.acquire();
      startedAt.add(clock.get());
    }

    assertThat(sleeps).hasSize(10).allMatch(n -> n == 200_000_000L);
    assertThat(startedAt.stream().filter(t -> t < 1_000_000_000L)).hasSize(5);
  }

  @Test
  void doesNotBurstAfterIdling() throws Exception {
    StoreRateLimit limit = limit(5);
    limit.acquire();
    clock.addAndGet(10_000_000_000L);
    limit.acquire();
    limit.acquire();

    assertThat(sleeps).containsExactly(200_000_000L);
  }

  @Test
  void zeroMeansUnlimited() throws Exception {
    StoreRateLimit limit = limit(0);
    for (int i = 0; i < 100; i++) {
      limit.acquire();
    }
    assertThat(sleeps).isEmpty();
  }

  @Test
  void everyHttpRequestOfAStoreTakesAPermit() throws Exception {
    try (TlsServer pve = new TlsServer("pve1"); TlsServer pbs = new TlsServer("pbs")) {
      StoreRateLimit shared = limit(10);
      ApiEndpoint node = new ApiEndpoint("s001", ApiFlavor.PVE,
          ApiConnection.open("PVE node pve1", pve.endpoint(), pve.fingerprint(), ApiEndpointTest.FAST.connectTimeout()),
          "edgerun@pve!runbooks", "s", ApiEndpointTest.FAST, shared);
      ApiEndpoint backup = new ApiEndpoint("s001", ApiFlavor.PBS,
          ApiConnection.open("PBS", pbs.endpoint(), pbs.fingerprint(), ApiEndpointTest.FAST.connectTimeout()),
          "edgerun@pbs!runbooks", "s", ApiEndpointTest.FAST, shared);
      for (int i = 0; i < 3; i++) {
        pve.enqueue(200, "{\"data\":null}");
        pbs.enqueue(200, "{\"data\":[]}");
        node.get("/version", Map.of(), new TypeReference<Object>() {});
        new PbsClient(backup).datastores();
      }

      assertThat(pve.server.getRequestCount() + pbs.server.getRequestCount()).isEqualTo(6);
      assertThat(sleeps).hasSize(5);
      assertThat(clock.get()).isEqualTo(500_000_000L);
    }
  }
}
