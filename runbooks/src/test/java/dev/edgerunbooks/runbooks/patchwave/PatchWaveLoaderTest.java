package dev.edgerunbooks.runbooks.patchwave;

import static dev.edgerunbooks.runbooks.RunbookTests.assertOnlyProblem;
import static dev.edgerunbooks.runbooks.RunbookTests.committed;
import static dev.edgerunbooks.runbooks.RunbookTests.committedFleet;
import static dev.edgerunbooks.runbooks.RunbookTests.fleet;
import static dev.edgerunbooks.runbooks.RunbookTests.onlyProblemOf;
import static dev.edgerunbooks.runbooks.RunbookTests.problemsOf;
import static dev.edgerunbooks.runbooks.RunbookTests.store;
import static dev.edgerunbooks.runbooks.RunbookTests.withLine;
import static dev.edgerunbooks.runbooks.patchwave.PatchWaveSamples.CLOCK;
import static dev.edgerunbooks.runbooks.patchwave.PatchWaveSamples.SAMPLE;
import static dev.edgerunbooks.runbooks.patchwave.PatchWaveSamples.fleetOf;
import static dev.edgerunbooks.runbooks.patchwave.PatchWaveSamples.ids;
import static dev.edgerunbooks.runbooks.patchwave.PatchWaveSamples.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.edgerunbooks.runbooks.Percentage;
import dev.edgerunbooks.runbooks.SourceLocation;
import dev.edgerunbooks.runbooks.ValidationProblem;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import dev.edgerunbooks.workflows.common.Freeze;
import dev.edgerunbooks.workflows.patch.GatePolicy;
import dev.edgerunbooks.workflows.patch.NoDataPolicy;
import dev.edgerunbooks.workflows.common.StoreCalendar;
import dev.edgerunbooks.workflows.patch.SloMetric;
import dev.edgerunbooks.workflows.patch.SloObjective;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatchWaveLoaderTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @TempDir
  static Path dir;

  @BeforeAll
  static void key() {
    withKey(dir);
  }

  private static PatchWaveDefinition parse(String yaml) {
    return parse(yaml, fleetOf(10), CLOCK);
  }

  private static PatchWaveDefinition parse(String yaml, FleetDefinition fleet, Clock clock) {
    return PatchWaveLoader.parse(yaml, "patch-wave.yaml", dir, fleet, clock);
  }

  private static ValidationProblem onlyProblem(String yaml) {
    return onlyProblemOf(() -> parse(yaml));
  }

  /** {@link #SAMPLE} with its window replaced by {@code window} (line 22's block, four lines). */
  private static String withWindow(String days, String from, String to, String minimumLength) {
    return withLine(withLine(withLine(withLine(SAMPLE, 23, "  days: " + days), 24, "  from: \"" + from + "\""),
        25, "  to: \"" + to + "\""), 26, "  minimumLength: " + minimumLength);
  }

  @Test
  void readsEveryField() {
    PatchWaveDefinition d = parse(SAMPLE);

    assertThat(d.source()).isEqualTo(dir.resolve("patch-wave.yaml").toAbsolutePath().normalize());
    assertThat(d.publicKey()).isEqualTo(dir.resolve("keys/bundle.pub.pem").toAbsolutePath().normalize()).isAbsolute();
    assertThat(d.waves()).containsExactly(
        new WaveDefinition("canary", List.of("store-0001", "store-0002"), Optional.empty(), 1, new Budget.Count(1),
            Duration.ofMinutes(30), false, new SourceLocation("patch-wave.yaml", 4, 5, "waves[0]")),
        new WaveDefinition("wave-1", List.of(), Optional.of(new WaveSize.Count(3)), 10, new Budget.Share(Percentage.parse("5%")),
            Duration.ofHours(1), true, new SourceLocation("patch-wave.yaml", 10, 5, "waves[1]")),
        new WaveDefinition("rest", List.of(), Optional.of(WaveSize.REST), 20, new Budget.Share(Percentage.parse("10%")),
            Duration.ofHours(2), false, new SourceLocation("patch-wave.yaml", 16, 5, "waves[2]")));
    assertThat(d.order()).isEqualTo(StoreOrder.FLEET);
    assertThat(d.calendar()).isEqualTo(new StoreCalendar(
        EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(1, 0), LocalTime.of(5, 0), Duration.ofMinutes(90),
        List.of(new Freeze("black-friday", LocalDate.of(2026, 11, 26), LocalDate.of(2026, 11, 30)))));
    assertThat(d.gate()).isEqualTo(new GatePolicy(List.of(
        new SloObjective(SloMetric.TTFB_P95, 0.5, 0.25, 0.6),
        new SloObjective(SloMetric.CACHE_HIT_RATIO, 0.8, 0.05, 0.15),
        new SloObjective(SloMetric.WAN_AVAILABILITY, null, 0.005, 0.01)), NoDataPolicy.FAIL, 1, 20));
    assertThat(d.approvers()).containsExactly("alice", "bob");
    assertThat(d.needsApproval()).isTrue();
    assertThat(d.rollbackOnHalt()).isFalse();
    assertThat(d.batchSize()).isEqualTo(50);
    assertThat(d.restoreTestMaxAge()).contains(Duration.ofDays(14));
  }

  @Test
  void defaults() {
    PatchWaveDefinition d = parse("""
        bundles: {publicKey: keys/bundle.pub.pem}
        waves:
          - {name: all, size: rest, concurrency: 5, maxFailures: 1, soak: 1h}
        window: {days: [sun], from: "00:00", to: "00:00", minimumLength: 1h}
        gate:
          slos: {syncBacklog: {limit: 20, marginal: 100%, max: 300%}}
        preflight: {restoreTestMaxAge: 0}
        """);
    assertThat(d.order()).isEqualTo(StoreOrder.FLEET);
    assertThat(d.calendar().freezes()).isEmpty();
    assertThat(d.gate()).isEqualTo(new GatePolicy(List.of(new SloObjective(SloMetric.SYNC_BACKLOG, 20.0, 1.0, 3.0)),
        NoDataPolicy.PAUSE, 0, PatchWaveLoader.DEFAULT_PEER_SAMPLE));
    assertThat(d.waves().get(0).approval()).isFalse();
    assertThat(d.approvers()).isEmpty();
    assertThat(d.rollbackOnHalt()).isTrue();
    assertThat(d.batchSize()).isEqualTo(PatchWaveLoader.DEFAULT_BATCH_SIZE);
    assertThat(d.restoreTestMaxAge()).isEmpty();
  }

  /** The committed file, with the lab's pinned key beside it, against the lab fleet. */
  @Test
  void theCommittedFileFitsTheLabFleet() {
    FleetDefinition lab = committedFleet();

    PatchWaveDefinition d = PatchWaveLoader.load(committed(PatchWaveLoader.FILE_NAME), lab, CLOCK);

    assertThat(d.publicKey()).isEqualTo(committed("keys/bundle-signing.pub.pem").toAbsolutePath().normalize());
    assertThat(d.waves()).extracting(WaveDefinition::name).containsExactly("canary", "wave-1", "wave-2", "rest");
    assertThat(d.gate().objectives()).extracting(SloObjective::metric).containsExactly(SloMetric.values());
    List<String> labIds = lab.stores().stream().map(StoreDefinition::id).toList();
    List<List<String>> waves = d.assign(labIds, "2026.11.0");
    assertThat(waves.get(0)).containsExactly("store-0001", "store-0002", "store-0003", "store-0004", "store-0005");
    assertThat(waves.stream().map(List::size)).containsExactly(5, 2, 8, 5);
    assertThat(waves.stream().flatMap(List::stream)).containsExactlyElementsOf(labIds);
    // The lab's window is the whole day except on freeze days: Black Friday 2027 waits for the Tuesday after.
    assertThat(d.calendar().next(Instant.parse("2027-11-26T12:00:00Z"), BERLIN).orElseThrow().start())
        .isEqualTo(ZonedDateTime.of(2027, 11, 30, 0, 0, 0, 0, BERLIN).toInstant());
    assertThat(d.calendar().next(Instant.parse("2026-11-24T12:00:00Z"), BERLIN).orElseThrow().start())
        .isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
  }

  @ParameterizedTest(name = "line {0}: {1}")
  @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
      "4|  - name: \"\"|4|11|waves[0].name|is empty|write a value after the colon",
      "4|  - name: Canary|4|11|waves[0].name|\"Canary\" is not a wave name"
          + "|use 1 to 63 lowercase letters, digits and dashes, e.g. wave-1",
      "16|  - name: canary|16|11|waves[2].name|duplicate wave name \"canary\" (first at line 4)|give each wave its own name",
      "5|    stores: [store-001, store-0002]|5|14|waves[0].stores[0]|unknown store \"store-001\" in fleet test"
          + "|did you mean \"store-0001\"? use a store id of the fleet (10 stores: store-0001, store-0002, store-0003, … (7 more))",
      "5|    stores: [store-0001, store-0001]|5|26|waves[0].stores[1]"
          + "|store \"store-0001\" is already listed in this wave (line 5)|a store is changed once per rollout: list it in one wave only",
      "11|    size: [store-0002]|11|11|waves[1].size|expected a text value but found a list"
          + "|write a single value on the same line as the key",
      "11|    stores: [store-0003, store-0002]|11|26|waves[1].stores[1]"
          + "|store \"store-0002\" is already listed in wave \"canary\" (line 5)"
          + "|a store is changed once per rollout: list it in one wave only",
      "5|    stores: []|5|13|waves[0].stores|the wave lists no store"
          + "|list its stores, e.g. stores: [store-0001], or give it a size instead",
      "9|    size: 2|9|5|waves[0].size|a wave either lists its stores or has a size, not both"
          + "|keep stores: for a wave of chosen stores (the canary), or size: for one that takes stores no wave lists",
      "5|    # no stores|4|5|waves[0]|the wave says neither which stores it takes nor how many"
          + "|write stores: [store-0001, store-0002] to list them (a canary), or size: 50, 10% or rest",
      "11|    size: rest|11|11|waves[1].size|only the last wave can take the rest"
          + "|move wave \"wave-1\" to the end, or give it a count (50) or a share of the fleet (10%)",
      "11|    size: 0|11|11|waves[1].size|0 is out of range: write a number from 1 to 1000000"
          + "|write a number of stores (50), a share of the fleet (10%) or rest (the last wave only)",
      "11|    size: 0%|11|11|waves[1].size|0% is out of range: a share of the fleet is more than 0% and at most 100%"
          + "|write a number of stores (50), a share of the fleet (10%) or rest (the last wave only)",
      "11|    size: 150%|11|11|waves[1].size|150% is out of range: a share of the fleet is more than 0% and at most 100%"
          + "|write a number of stores (50), a share of the fleet (10%) or rest (the last wave only)",
      "11|    size: all|11|11|waves[1].size|\"all\" is not a wave size"
          + "|write a number of stores (50), a share of the fleet (10%) or rest (the last wave only)",
      "12|    concurrency: 0|12|18|waves[1].concurrency|0 is out of range|write a number from 1 to 10000",
      "13|    maxFailures: 0|13|18|waves[1].maxFailures|0 is out of range: write a number from 1 to 1000000"
          + "|write a number of failed stores (at least 1) or a share of the wave's stores from 1% to 100%, e.g. 5%",
      "13|    maxFailures: 0.5%|13|18|waves[1].maxFailures|0.5% is out of range: an error budget's share is from 1% to 100%"
          + "|write a number of failed stores (at least 1) or a share of the wave's stores from 1% to 100%, e.g. 5%",
      "13|    maxFailures: 101%|13|18|waves[1].maxFailures|101% is out of range: an error budget's share is from 1% to 100%"
          + "|write a number of failed stores (at least 1) or a share of the wave's stores from 1% to 100%, e.g. 5%",
      "13|    maxFailures: 1.5|13|18|waves[1].maxFailures|\"1.5\" is not an error budget"
          + "|write a number of failed stores (at least 1) or a share of the wave's stores from 1% to 100%, e.g. 5%",
      "14|    soak: soon|14|11|waves[1].soak|\"soon\" is not a positive duration"
          + "|write a positive duration such as 90s, 45m, 26h, 7d, 1w, 1h30m or ISO-8601 PT26H",
      "15|    approval: yes|15|15|waves[1].approval|expected true or false but found \"yes\"|write true or false, without quotes",
      "21|order: random|21|8|order|\"random\" is not one of fleet, shuffled|write one of fleet, shuffled",
      "23|  days: [mon, tues]|23|15|window.days[1]|\"tues\" is not a weekday"
          + "|did you mean \"tue\"? write mon, tue, wed, thu, fri, sat, sun",
      "23|  days: [mon, tue, mon]|23|20|window.days[2]|duplicate weekday \"mon\" (first at line 23)"
          + "|list each weekday once",
      "24|  from: 1am|24|9|window.from|\"1am\" is not a time of day"
          + "|write HH:mm on the 24-hour clock, in quotes, e.g. \"01:00\"",
      "25|  to: \"24:00\"|25|7|window.to|\"24:00\" is not a time of day"
          + "|write HH:mm on the 24-hour clock, in quotes, e.g. \"01:00\"",
      "26|  minimumLength: 0m|26|18|window.minimumLength|\"0m\" is not a positive duration"
          + "|write a positive duration such as 90s, 45m, 26h, 7d, 1w, 1h30m or ISO-8601 PT26H",
      "29|    from: 2026-02-30|29|11|freezes[0].from|\"2026-02-30\" is not a date|write an ISO date YYYY-MM-DD, e.g. 2026-11-26",
      "30|    to: 2026-11-20|30|9|freezes[0].to|the freeze ends on 2026-11-20, before it starts on 2026-11-26"
          + "|write a last day on or after the first; both days are included",
      "32|  noData: ignore|32|11|gate.noData|\"ignore\" is not one of fail, pause|write one of fail, pause",
      "33|  maxFailingStores: -1|33|21|gate.maxFailingStores|-1 is out of range|write a number from 0 to 1000000",
      "34|  peerSample: 0|34|15|gate.peerSample|0 is out of range|write a number from 1 to 10000",
      "36|    ttfbP95: {limit: 0.5, marginal: 70%, max: 60%}|36|37|gate.slos.ttfbP95.marginal|marginal 70% is more than max 60%"
          + "|marginal is the worsening that makes the gate inconclusive (a human decides), max the one that fails it:"
          + " write marginal at most 60%",
      "36|    ttfbP95: {limit: 0.5, marginal: -5%, max: 60%}|36|37|gate.slos.ttfbP95.marginal"
          + "|\"-5%\" is negative; a percentage is 0% or more"
          + "|write the worsening against the baselines as a percentage, e.g. 25%",
      "36|    ttfbP95: {limit: 0.5, marginal: 0.25, max: 60%}|36|37|gate.slos.ttfbP95.marginal|\"0.25\" is not a percentage"
          + "|write the worsening against the baselines as a percentage, e.g. 25%",
      "36|    ttfbP95: {limit: fast, marginal: 25%, max: 60%}|36|22|gate.slos.ttfbP95.limit|expected a number but found \"fast\""
          + "|write a number from 0 to 3600",
      "36|    ttfbP95: {limit: \"0.5\", marginal: 25%, max: 60%}|36|22|gate.slos.ttfbP95.limit"
          + "|expected a number but found \"0.5\"|remove the quotes",
      "37|    cacheHitRatio: {limit: 80, marginal: 5%, max: 15%}|37|28|gate.slos.cacheHitRatio.limit|80 is out of range"
          + "|write a number from 0 to 1",
      "37|    cacheHitRatio: {limit: 0.8, max: 15%}|37|20|gate.slos.cacheHitRatio.marginal|missing required field \"marginal\""
          + "|write the worsening against the baselines that makes the gate inconclusive, e.g. marginal: 25%",
      "39|approvers: [alice, alice]|39|20|approvers[1]|duplicate approver \"alice\" (first at line 39)|name each approver once",
      "39|approvers: [\"alice smith\"]|39|13|approvers[0]|\"alice smith\" is not an approver's name"
          + "|write the name approvals are given under, e.g. alice or alice@example.com",
      "39|approvers: []|15|15|waves[1].approval|the wave waits for an approval, but no approver is named"
          + "|list who may approve waves, e.g. approvers: [alice, bob], or set approval: false",
      "40|rollbackOnHalt: no|40|17|rollbackOnHalt|expected true or false but found \"no\"|write true or false, without quotes",
      "41|batchSize: 5|41|12|batchSize|5 is out of range|write a number from 10 to 1000",
      "41|batchSize: 1001|41|12|batchSize|1001 is out of range|write a number from 10 to 1000",
      "43|  restoreTestMaxAge: two weeks|43|22|preflight.restoreTestMaxAge|\"two weeks\" is not a positive duration"
          + "|write a positive duration such as 90s, 45m, 26h, 7d, 1w, 1h30m or ISO-8601 PT26H",
  })
  void eachMistakeIsNamedWhereItIs(int line, String replacement, int atLine, int atColumn, String path, String message,
      String fix) {
    assertOnlyProblem(() -> parse(withLine(SAMPLE, line, replacement)), "patch-wave.yaml", atLine, atColumn, path, message, fix);
  }

  @Test
  void unknownKeysSuggestTheClosest() {
    List<ValidationProblem> problems = problemsOf(() -> parse(
        withLine(withLine(withLine(SAMPLE, 6, "    concurency: 1"), 36, "    ttfb95: {limit: 0.5, marginal: 25%, max: 60%}"),
            43, "  restoreTestMaxAg: 14d")));
    assertThat(problems).extracting(ValidationProblem::line, ValidationProblem::path, ValidationProblem::message)
        .containsExactly(
            tuple(4, "waves[0].concurrency", "missing required field \"concurrency\""),
            tuple(6, "waves[0].concurency", "unknown key \"concurency\""),
            tuple(36, "gate.slos.ttfb95", "unknown key \"ttfb95\""),
            tuple(43, "preflight.restoreTestMaxAg", "unknown key \"restoreTestMaxAg\""));
    assertThat(problems.get(1).fix()).startsWith("did you mean \"concurrency\"? allowed keys here: name, stores, size,");
    assertThat(problems.get(2).fix()).isEqualTo("did you mean \"ttfbP95\"? allowed keys here: ttfbP95, posLatency,"
        + " cacheHitRatio, wanAvailability, syncBacklog");
    assertThat(problems.get(3).fix()).isEqualTo("did you mean \"restoreTestMaxAge\"? allowed keys here: restoreTestMaxAge");
  }

  @Test
  void missingSections() {
    List<ValidationProblem> problems = problemsOf(() -> parse("order: fleet\n"));
    assertThat(problems).extracting(ValidationProblem::path).containsExactly("bundles", "waves", "window", "gate");
    assertThat(problems).extracting(ValidationProblem::line).containsOnly(1);
  }

  @Test
  void atLeastOneWaveAndOneSlo() {
    List<ValidationProblem> problems = problemsOf(() -> parse("""
        bundles: {publicKey: keys/bundle.pub.pem}
        waves: []
        window: {days: [mon], from: "01:00", to: "05:00", minimumLength: 1h}
        gate:
          slos: {}
        """));
    assertThat(problems).extracting(ValidationProblem::toString).containsExactly(
        "patch-wave.yaml:2:8: waves: no wave is declared — list at least one wave, e.g."
            + " - {name: canary, stores: [store-0001], concurrency: 1, maxFailures: 1, soak: 30m}",
        "patch-wave.yaml:5:9: gate.slos: no SLO is judged — judge at least one of ttfbP95, posLatency, cacheHitRatio,"
            + " wanAvailability, syncBacklog, e.g. ttfbP95: {limit: 0.5, marginal: 25%, max: 60%}");
  }

  @Test
  void everyStoreOfTheFleetMustGetAWave() {
    ValidationProblem p = onlyProblem(withLine(SAMPLE, 17, "    size: 4"));
    assertThat(p).hasToString("patch-wave.yaml:16:5: waves[2]: the waves give 9 of the fleet's 10 stores a wave;"
        + " 1 would never get a bundle (store-0010) — give the last wave size: rest, or raise the sizes");
  }

  @Test
  void aMissingPublicKeyIsNamed() {
    ValidationProblem p = onlyProblem(withLine(SAMPLE, 2, "  publicKey: keys/missing.pem"));
    Path expected = dir.resolve("keys/missing.pem").toAbsolutePath().normalize();
    assertThat(p).extracting(ValidationProblem::line, ValidationProblem::column, ValidationProblem::path,
            ValidationProblem::message, ValidationProblem::fix)
        .containsExactly(2, 14, "bundles.publicKey", "the public key file " + expected + " does not exist",
            "put the PEM public key (ECDSA P-256) that bundles are signed with there, or correct the path, which is"
                + " relative to " + dir.toAbsolutePath().normalize());
    assertThat(onlyProblem(withLine(SAMPLE, 2, "  publicKey: keys")).message()).endsWith(" is a folder");
    assertThat(onlyProblem(withLine(SAMPLE, 2, "  publicKey: \" \"")).message()).isEqualTo("is empty");
  }

  // ---- windows that can never be met

  @Test
  void aFreezeOverTheWholeHorizonIsRefusedNamingTheZones() {
    ValidationProblem p = onlyProblem(withLine(withLine(SAMPLE, 29, "    from: 2026-05-01"), 30, "    to: 2028-12-31"));
    assertThat(p).hasToString("patch-wave.yaml:22:1: window: the window never opens in the 400 days from"
        + " 2026-06-01T12:00:00Z for the stores in UTC (store-0001, store-0004, store-0007, … (1 more));"
        + " Europe/Berlin (store-0002, store-0005, store-0008); America/New_York (store-0003, store-0006, store-0009):"
        + " mon, tue, wed, thu, fri 01:00-05:00 with at least 1h30m left, frozen black-friday 2026-05-01..2028-12-31"
        + " — list more days, widen from/to, lower minimumLength or shorten the freezes, so that a window opens in"
        + " every store's time zone");
  }

  @Test
  void aFreezeEndingInsideTheHorizonLeavesAWindow() {
    PatchWaveDefinition d = parse(withLine(withLine(SAMPLE, 29, "    from: 2026-05-01"), 30, "    to: 2027-06-30"));
    assertThat(d.calendar().next(CLOCK.instant(), BERLIN).orElseThrow().start())
        .isEqualTo(ZonedDateTime.of(2027, 7, 1, 1, 0, 0, 0, BERLIN).toInstant());
  }

  @Test
  void onlyTheZonesWithoutAWindowAreNamed() {
    // 01:00-05:00 UTC on 1 June; New York's window that night is 05:00-09:00 UTC, still ahead at 04:00 UTC.
    // Frozen from 2 June on: only New York opens (that night) for a load at 04:00 UTC.
    FleetDefinition fleet = fleet(0, List.of("eu"), store("store-0001", "eu", ZoneId.of("UTC")),
        store("store-0002", "eu", ZoneId.of("America/New_York")));
    Clock fourUtc = Clock.fixed(Instant.parse("2026-06-01T04:00:00Z"), ZoneOffset.UTC);
    String yaml = withLine(withLine(withLine(withLine(SAMPLE, 5, "    stores: [store-0001]"), 11, "    size: 1"),
        29, "    from: 2026-06-02"), 30, "    to: 2028-12-31");
    ValidationProblem p = onlyProblemOf(() -> parse(yaml, fleet, fourUtc));
    assertThat(p.message()).startsWith("the window never opens in the 400 days from 2026-06-01T04:00:00Z for the stores in"
        + " UTC (store-0001): ");
  }

  @Test
  void aMinimumLengthLongerThanTheWindowIsRefused() {
    ValidationProblem p = onlyProblem(withWindow("[mon]", "01:00", "02:00", "90m"));
    assertThat(p).hasToString("patch-wave.yaml:26:18: window.minimumLength: minimumLength 1h30m is longer than the window"
        + " 01:00-02:00 itself (1h), so the window can never be met — lower minimumLength to at most 1h, or widen the"
        + " window (an earlier from or a later to)");
    assertThat(onlyProblem(withWindow("[mon]", "23:00", "00:30", "2h")).message())
        .isEqualTo("minimumLength 2h is longer than the window 23:00-00:30 itself (1h30m), so the window can never be met");
    assertThat(onlyProblem(withWindow("[mon]", "06:00", "06:00", "25h")).message())
        .isEqualTo("minimumLength 25h is longer than the window 06:00-06:00 itself (1d), so the window can never be met");
  }

  @Test
  void aWindowOnNoDayIsRefused() {
    assertThat(onlyProblem(withWindow("[]", "01:00", "05:00", "1h"))).hasToString(
        "patch-wave.yaml:23:9: window.days: no weekday is listed, so the window can never be met"
            + " — list the weekdays a window starts on, e.g. days: [mon, tue, wed, thu, fri]");
  }

  // ---- the calendar as loaded

  @Test
  void aWindowCrossingMidnight() {
    FleetDefinition berlin = fleet(0, List.of("eu"), store("store-0001", "eu", BERLIN), store("store-0002", "eu", BERLIN),
        store("store-0003", "eu", BERLIN));
    PatchWaveDefinition d = parse(withWindow("[mon, tue, wed, thu, fri, sat, sun]", "22:00", "04:00", "5h"), berlin, CLOCK);
    StoreCalendar calendar = d.calendar();

    Instant mondayNoon = ZonedDateTime.of(2026, 6, 1, 12, 0, 0, 0, BERLIN).toInstant();
    assertThat(calendar.next(mondayNoon, BERLIN)).contains(new StoreCalendar.Opening(
        ZonedDateTime.of(2026, 6, 1, 22, 0, 0, 0, BERLIN).toInstant(),
        ZonedDateTime.of(2026, 6, 2, 4, 0, 0, 0, BERLIN).toInstant()));
    // At 23:30, 4h30m of the window is left: less than the 5h asked, so the next night's.
    Instant late = ZonedDateTime.of(2026, 6, 1, 23, 30, 0, 0, BERLIN).toInstant();
    assertThat(calendar.next(late, BERLIN).orElseThrow().start())
        .isEqualTo(ZonedDateTime.of(2026, 6, 2, 22, 0, 0, 0, BERLIN).toInstant());
    // At 22:30 5h30m are left: open now.
    Instant early = ZonedDateTime.of(2026, 6, 1, 22, 30, 0, 0, BERLIN).toInstant();
    assertThat(calendar.isOpen(early, BERLIN)).isTrue();
  }

  @Test
  void aWindowInsideTheSpringForwardGapIsSkippedThatDayAndFoundTheNext() {
    FleetDefinition berlin = fleet(0, List.of("eu"), store("store-0001", "eu", BERLIN), store("store-0002", "eu", BERLIN),
        store("store-0003", "eu", BERLIN));
    // Sunday 28 March 2027, 00:30 in Berlin: at 02:00 the clocks go forward to 03:00.
    Clock sundayNight = Clock.fixed(ZonedDateTime.of(2027, 3, 28, 0, 30, 0, 0, BERLIN).toInstant(), ZoneOffset.UTC);
    PatchWaveDefinition d = parse(withWindow("[mon, tue, wed, thu, fri, sat, sun]", "02:00", "03:00", "30m"), berlin,
        sundayNight);

    StoreCalendar calendar = d.calendar();
    assertThat(calendar.on(LocalDate.of(2027, 3, 28), BERLIN).orElseThrow().length()).isZero();
    assertThat(calendar.next(sundayNight.instant(), BERLIN)).contains(new StoreCalendar.Opening(
        ZonedDateTime.of(2027, 3, 29, 2, 0, 0, 0, BERLIN).toInstant(),
        ZonedDateTime.of(2027, 3, 29, 3, 0, 0, 0, BERLIN).toInstant()));
  }

  @Test
  void aWindowOnlyOnTheSpringForwardSundayInsideItsGapNeverOpensThatDay() {
    // Only Sundays, frozen on every other Sunday of the horizon: the one left is the gap day.
    FleetDefinition berlin = fleet(0, List.of("eu"), store("store-0001", "eu", BERLIN), store("store-0002", "eu", BERLIN),
        store("store-0003", "eu", BERLIN));
    Clock sundayNight = Clock.fixed(ZonedDateTime.of(2027, 3, 28, 0, 30, 0, 0, BERLIN).toInstant(), ZoneOffset.UTC);
    String yaml = withLine(withLine(withWindow("[sun]", "02:00", "03:00", "30m"), 29, "    from: 2027-03-29"),
        30, "    to: 2028-12-31");
    ValidationProblem p = onlyProblemOf(() -> parse(yaml, berlin, sundayNight));
    assertThat(p.message()).contains("for the stores in Europe/Berlin (store-0001, store-0002, store-0003): sun 02:00-03:00"
        + " with at least 30m left, frozen black-friday 2027-03-29..2028-12-31");
  }

  @Test
  void everyProblemOfTheFileAtOnceInFileOrder() {
    List<ValidationProblem> problems = problemsOf(() -> parse(withLine(withLine(withLine(SAMPLE, 41, "batchSize: 2"),
        5, "    stores: [store-0099]"), 24, "  from: noon")));
    assertThat(problems).extracting(ValidationProblem::line).containsExactly(5, 24, 41);
    assertThat(problems.stream().map(ValidationProblem::path).collect(Collectors.joining(" ")))
        .isEqualTo("waves[0].stores[0] window.from batchSize");
  }

  @Test
  void percentagesAreDecimals() {
    assertThat(Percentage.parse("10%").ceilOf(20)).isEqualTo(2);
    assertThat(Percentage.parse("0.5%").fraction()).isEqualTo(0.005);
    assertThat(Percentage.parse("5.0%")).isEqualTo(Percentage.parse("5%")).hasToString("5%");
    assertThat(Percentage.parse("100%")).isEqualTo(new Percentage(BigDecimal.valueOf(100))).hasToString("100%");
    assertThat(Percentage.parse(" 12.50 %")).hasToString("12.5%");
  }

  @Test
  void wavesOfTheSampleAssignTheSampleFleet() {
    assertThat(parse(SAMPLE).assign(ids(1, 10), "1.0"))
        .containsExactly(List.of("store-0001", "store-0002"), ids(3, 5), ids(6, 10));
  }
}
