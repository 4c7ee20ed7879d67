package dev.edgerunbooks.runbooks.restoretest;

import static dev.edgerunbooks.runbooks.RunbookTests.assertOnlyProblem;
import static dev.edgerunbooks.runbooks.RunbookTests.committed;
import static dev.edgerunbooks.runbooks.RunbookTests.committedFleet;
import static dev.edgerunbooks.runbooks.RunbookTests.fleet;
import static dev.edgerunbooks.runbooks.RunbookTests.problemsOf;
import static dev.edgerunbooks.runbooks.RunbookTests.store;
import static dev.edgerunbooks.runbooks.RunbookTests.withLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.edgerunbooks.runbooks.SourceLocation;
import dev.edgerunbooks.runbooks.ValidationProblem;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.staging.StagingTimeouts;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestoreTestLoaderTest {
  /** Every test below changes a line of it, so line numbers stay put. */
  static final String SAMPLE = """
      rotationWeeks: 4
      retestFailed: false
      staging:
        vmidRange: "9000-9009"
        isolatedBridge: vmbr9
        storage: ceph-vm
        capacity: 4
        capacityByRegion:
          eu: 2
          us: 10
      timeouts:
        restore: 45m
        boot: 3m
      """;

  private static RestoreTestDefinition parse(String yaml) {
    return RestoreTestLoader.parse(yaml, "restore-test.yaml");
  }

  @Test
  void readsEveryField() {
    RestoreTestDefinition rt = parse(SAMPLE);

    assertThat(rt.rotationWeeks()).isEqualTo(4);
    assertThat(rt.retestFailed()).isFalse();
    RestoreStaging staging = rt.staging();
    assertThat(staging.vmidRange()).isEqualTo(new VmidRange(9000, 9009));
    assertThat(staging.vmidRange().size()).isEqualTo(10);
    assertThat(staging.isolatedBridge()).isEqualTo("vmbr9");
    assertThat(staging.storage()).isEqualTo("ceph-vm");
    assertThat(staging.capacity()).isEqualTo(4);
    assertThat(staging.capacityByRegion()).containsExactly(
        new RegionCapacity("eu", 2, new SourceLocation("restore-test.yaml", 9, 5, "staging.capacityByRegion.eu")),
        new RegionCapacity("us", 10, new SourceLocation("restore-test.yaml", 10, 5, "staging.capacityByRegion.us")));
    assertThat(staging.capacityFor("eu")).isEqualTo(2);
    assertThat(staging.capacityFor("ap")).isEqualTo(4);
    assertThat(rt.timeouts()).isEqualTo(new StagingTimeouts(Duration.ofMinutes(45), Duration.ofMinutes(3)));
  }

  @Test
  void defaults() {
    RestoreTestDefinition rt = parse("""
        rotationWeeks: 1
        staging:
          vmidRange: 9000-9000
          isolatedBridge: vmbr0
          storage: local-lvm
          capacity: 1
        """);
    assertThat(rt.retestFailed()).isTrue();
    assertThat(rt.staging().capacityByRegion()).isEmpty();
    assertThat(rt.timeouts()).isEqualTo(StagingTimeouts.DEFAULT);
    assertThat(rt.timeouts()).isEqualTo(new StagingTimeouts(Duration.ofMinutes(30), Duration.ofMinutes(5)));
  }

  @Test
  void theCommittedDefinitionFitsTheCommittedFleet() {
    RestoreTestDefinition rt = RestoreTestLoader.load(committed(RestoreTestLoader.FILE_NAME));
    assertThat(rt.rotationWeeks()).isEqualTo(4);
    assertThat(rt.staging().vmidRange()).hasToString("9000-9099");
    assertThat(rt.problemsFor(committedFleet())).isEmpty();
  }

  @ParameterizedTest(name = "line {0}: {1}")
  @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
      "1|rotationWeeks: 0|1|16|rotationWeeks|0 is out of range|write a number from 1 to 52",
      "1|rotationWeeks: 53|1|16|rotationWeeks|53 is out of range|write a number from 1 to 52",
      "2|retestFailed: yes|2|15|retestFailed|expected true or false but found \"yes\"|write true or false, without quotes",
      "4|  vmidRange: 9000|4|14|staging.vmidRange|\"9000\" is not a VMID range"
          + "|write first-last within PVE's VMIDs 100 to 999999999, in quotes, e.g. vmidRange: \"9000-9099\"",
      "4|  vmidRange: \"99-200\"|4|14|staging.vmidRange|\"99-200\" goes beyond PVE's VMIDs 100 to 999999999"
          + "|write first-last within PVE's VMIDs 100 to 999999999, in quotes, e.g. vmidRange: \"9000-9099\"",
      "4|  vmidRange: \"9000-9999999999\"|4|14|staging.vmidRange"
          + "|\"9000-9999999999\" goes beyond PVE's VMIDs 100 to 999999999"
          + "|write first-last within PVE's VMIDs 100 to 999999999, in quotes, e.g. vmidRange: \"9000-9099\"",
      "4|  vmidRange: \"9099-9000\"|4|14|staging.vmidRange|\"9099-9000\" is empty: its first VMID is above its last"
          + "|write first-last within PVE's VMIDs 100 to 999999999, in quotes, e.g. vmidRange: \"9000-9099\"",
      "5|  isolatedBridge: br9|5|19|staging.isolatedBridge|\"br9\" is not a PVE bridge name"
          + "|write vmbr and a number, e.g. vmbr9",
      "6|  storage: Ceph VM|6|12|staging.storage|\"Ceph VM\" is not a PVE storage id"
          + "|use lowercase letters, digits, '-', '_' or '.', starting with a letter, as in /storage",
      "7|  capacity: 0|7|13|staging.capacity|0 is out of range|write a number from 1 to 999999999",
      "7|  capacity: 11|7|13|staging.capacity|capacity 11 is more than the 10 VMIDs of vmidRange 9000-9009"
          + "|lower it to at most 10 or widen vmidRange: each concurrent restore needs its own VMID",
      "10|    us: 11|10|9|staging.capacityByRegion.us|capacity 11 is more than the 10 VMIDs of vmidRange 9000-9009"
          + "|lower it to at most 10 or widen vmidRange: each concurrent restore needs its own VMID",
      "10|    us:|10|5|staging.capacityByRegion.us|\"us\" has no value|give the region's capacity, e.g. us: 2",
      "12|  restore: soon|12|12|timeouts.restore|\"soon\" is not a positive duration"
          + "|write a positive duration such as 90s, 45m, 26h, 7d, 1w, 1h30m or ISO-8601 PT26H",
  })
  void eachMistakeIsNamedWhereItIs(int line, String replacement, int atLine, int atColumn, String path, String message,
      String fix) {
    assertOnlyProblem(() -> parse(withLine(SAMPLE, line, replacement)), "restore-test.yaml", atLine, atColumn, path, message, fix);
  }

  @Test
  void unknownKeysSuggestTheClosest() {
    List<ValidationProblem> problems = problemsOf(() -> parse(withLine(withLine(SAMPLE, 7, "  capacty: 4"), 13, "  bot: 3m")));
    assertThat(problems).extracting(ValidationProblem::line, ValidationProblem::path, ValidationProblem::message)
        .containsExactly(
            tuple(4, "staging.capacity", "missing required field \"capacity\""),
            tuple(7, "staging.capacty", "unknown key \"capacty\""),
            tuple(13, "timeouts.bot", "unknown key \"bot\""));
    assertThat(problems.get(1).fix()).startsWith("did you mean \"capacity\"?");
    assertThat(problems.get(2).fix()).isEqualTo("did you mean \"boot\"? allowed keys here: restore, boot");
  }

  @Test
  void missingSections() {
    List<ValidationProblem> problems = problemsOf(() -> parse("retestFailed: true\n"));
    assertThat(problems).extracting(ValidationProblem::path).containsExactly("rotationWeeks", "staging");
    assertThat(problems.get(1).fix()).isEqualTo(
        "describe how restores use the staging clusters: vmidRange, isolatedBridge, storage, capacity, capacityByRegion");
  }

  // ---- against a fleet ----

  @Test
  void capacityByRegionMustNameRegionsOfTheFleet() {
    FleetDefinition fleet = fleet(3, List.of("eu", "use"), store("store-0001", "eu"));
    assertThat(parse(SAMPLE).problemsFor(fleet)).extracting(ValidationProblem::toString).containsExactly(
        "restore-test.yaml:10:5: staging.capacityByRegion.us: unknown region \"us\" — did you mean \"use\"?"
            + " use a region of fleet test: eu, use");
  }

  @Test
  void everyRegionOfTheRunNeedsAStagingCluster() {
    FleetDefinition fleet = fleet(0, List.of("eu", "us"),
        store("store-0001", "eu"), store("store-0002", "us"), store("store-0003", "eu"));
    assertThat(parse(SAMPLE).problemsFor(fleet, List.of(fleet.store("store-0002").orElseThrow())))
        .extracting(ValidationProblem::toString).containsExactly(
            "restore-test.yaml:4:3: staging: region \"us\" has no staging cluster for the restore test of store-0002"
                + " — declare staging: nodes: for region us in the fleet definition, or leave its stores out of the"
                + " restore test");
    assertThat(parse(SAMPLE).problemsFor(fleet)).extracting(ValidationProblem::message).containsExactly(
        "region \"eu\" has no staging cluster for the restore test of store-0001, store-0003",
        "region \"us\" has no staging cluster for the restore test of store-0002");
  }
}
