package dev.edgerunbooks.runbooks.patchwave;

import static dev.edgerunbooks.runbooks.RunbookTests.fleet;
import static dev.edgerunbooks.runbooks.RunbookTests.store;

import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;

/** Patch wave files and fleets for tests; line numbers in the tests refer to {@link #SAMPLE}'s lines. */
final class PatchWaveSamples {
  /** Every loader test changes a line of it, so line numbers stay put. */
  static final String SAMPLE = """
      bundles:
        publicKey: keys/bundle.pub.pem
      waves:
        - name: canary
          stores: [store-0001, store-0002]
          concurrency: 1
          maxFailures: 1
          soak: 30m
          approval: false
        - name: wave-1
          size: 3
          concurrency: 10
          maxFailures: 5%
          soak: 1h
          approval: true
        - name: rest
          size: rest
          concurrency: 20
          maxFailures: 10%
          soak: 2h
      order: fleet
      window:
        days: [mon, tue, wed, thu, fri]
        from: "01:00"
        to: "05:00"
        minimumLength: 90m
      freezes:
        - name: black-friday
          from: 2026-11-26
          to: 2026-11-30
      gate:
        noData: fail
        maxFailingStores: 1
        peerSample: 20
        slos:
          ttfbP95: {limit: 0.5, marginal: 25%, max: 60%}
          cacheHitRatio: {limit: 0.8, marginal: 5%, max: 15%}
          wanAvailability: {marginal: 0.5%, max: 1%}
      approvers: [alice, bob]
      rollbackOnHalt: false
      batchSize: 50
      preflight:
        restoreTestMaxAge: 14d
      """;

  /** What every file needs besides its waves; {@code %s} is the waves' lines. */
  static final String WITH_WAVES = """
      bundles: {publicKey: keys/bundle.pub.pem}
      waves:
      %sorder: %s
      window: {days: [mon], from: "01:00", to: "05:00", minimumLength: 1h}
      gate:
        slos: {ttfbP95: {marginal: 25%%, max: 60%%}}
      """;

  /** Monday 1 June 2026, noon UTC. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

  private PatchWaveSamples() {}

  /** {@code count} stores {@code store-0001}… in UTC, Europe/Berlin and America/New_York in turn. */
  static FleetDefinition fleetOf(int count) {
    List<ZoneId> zones = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"));
    StoreDefinition[] stores = IntStream.rangeClosed(1, count)
        .mapToObj(i -> store(id(i), "eu", zones.get((i - 1) % zones.size())))
        .toArray(StoreDefinition[]::new);
    return fleet(0, List.of("eu"), stores);
  }

  static String id(int i) {
    return String.format("store-%04d", i);
  }

  static List<String> ids(int first, int last) {
    return IntStream.rangeClosed(first, last).mapToObj(PatchWaveSamples::id).toList();
  }

  /** A folder with {@code keys/bundle.pub.pem}, which the samples name. */
  static Path withKey(Path directory) {
    try {
      Files.createDirectories(directory.resolve("keys"));
      Files.writeString(directory.resolve("keys/bundle.pub.pem"), "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n");
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file of {@link #WITH_WAVES} with these waves (each a flow mapping) in this order. */
  static String withWaves(String order, String... waves) {
    StringBuilder lines = new StringBuilder();
    for (String wave : waves) {
      lines.append("  - ").append(wave).append('\n');
    }
    return String.format(WITH_WAVES, lines, order);
  }
}
