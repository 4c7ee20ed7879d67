package dev.edgerunbooks.runbooks.fleet;

import static dev.edgerunbooks.runbooks.fleet.FleetSamples.FP;
import static dev.edgerunbooks.runbooks.fleet.FleetSamples.MINIMAL;
import static dev.edgerunbooks.runbooks.fleet.FleetSamples.onlyProblemOf;
import static dev.edgerunbooks.runbooks.fleet.FleetSamples.problemsOf;
import static dev.edgerunbooks.runbooks.fleet.FleetSamples.withLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.edgerunbooks.runbooks.RunbookValidationException;
import dev.edgerunbooks.runbooks.ValidationProblem;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetLoaderTest {

  private static Path sample() throws Exception {
    return Path.of(FleetLoaderTest.class.getResource("/fleet/fleet.yaml").toURI());
  }

  @Test
  void loadsTheSampleFleet() throws Exception {
    FleetDefinition fleet = FleetLoader.load(sample());

    assertThat(fleet.name()).isEqualTo("edge-lab");
    assertThat(fleet.defaults()).isEqualTo(new FleetDefaults(Duration.ofHours(26), Duration.ofMinutes(2),
        Duration.ofDays(2), new ApiTokenId("edgerun", "pve", "runbooks"), new ApiTokenId("edgerun", "pbs", "verify")));
    assertThat(fleet.regions()).extracting(RegionDefinition::id).containsExactly("eu-central", "us-east");
    RegionDefinition eu = fleet.region("eu-central").orElseThrow();
    assertThat(eu.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(eu.staging().orElseThrow().nodes()).extracting(NodeDefinition::name).containsExactly("stg1", "stg2");
    assertThat(fleet.region("us-east").orElseThrow().staging()).isEmpty();

    StoreDefinition first = fleet.store("store-0001").orElseThrow();
    assertThat(first.region()).isEqualTo("eu-central");
    assertThat(first.timeZone()).as("inherited from the region").isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(first.pilot()).isTrue();
    assertThat(first.wave()).contains("canary");
    assertThat(first.nodes()).extracting(NodeDefinition::name, NodeDefinition::endpoint)
        .containsExactly(tuple("pve1", URI.create("https://127.0.0.1:20000")),
            tuple("pve2", URI.create("https://127.0.0.1:20001")),
            tuple("pve3", URI.create("https://127.0.0.1:20002")));
    assertThat(first.cluster().node("pve1").orElseThrow().fingerprint())
        .as("lowercase input is pinned in PVE's uppercase form")
        .isEqualTo("03:0E:19:24:2F:3A:45:50:5B:66:71:7C:87:92:9D:A8:B3:BE:C9:D4:DF:EA:F5:00:0B:16:21:2C:37:42:4D:58");
    assertThat(first.pbs()).isEqualTo(new PbsDefinition(URI.create("https://127.0.0.1:20003"),
        "05:12:1F:2C:39:46:53:60:6D:7A:87:94:A1:AE:BB:C8:D5:E2:EF:FC:09:16:23:30:3D:4A:57:64:71:7E:8B:98",
        "store", "pbs-store", Optional.of("offsite-s3")));
    assertThat(first.guests()).containsExactly(
        new GuestDefinition(100, "dns", GuestType.LXC, "dns", Duration.ofHours(26)),
        new GuestDefinition(101, "pos-db", GuestType.QEMU, "pos", Duration.ofMinutes(90)));
    assertThat(first.guest(101)).map(GuestDefinition::type).contains(GuestType.QEMU);

    StoreDefinition second = fleet.store("store-0002").orElseThrow();
    assertThat(second.timeZone()).as("its own zone wins").isEqualTo(ZoneId.of("America/Chicago"));
    assertThat(second.pilot()).isFalse();
    assertThat(second.wave()).isEmpty();
    assertThat(second.pbs().offsiteSyncJob()).isEmpty();
    assertThat(second.guests()).isEmpty();
  }

  @Test
  void absentDefaultsAreTheStandardOnes() {
    FleetDefinition fleet = FleetLoader.parse(MINIMAL, "fleet.yaml");
    assertThat(fleet.defaults()).isEqualTo(FleetDefaults.STANDARD);
    assertThat(fleet.defaults().rpo()).isEqualTo(Duration.ofHours(26));
    assertThat(fleet.defaults().siteResponseTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(fleet.defaults().pveTokenId().value()).isEqualTo("edgerun@pve!runbooks");
    assertThat(fleet.store("store-0001").orElseThrow().guests().get(0).rpo()).isEqualTo(Duration.ofHours(26));
  }

  @Test
  void guestRpoDefaultsToTheFleetDefault() {
    FleetDefinition fleet = FleetLoader.parse("defaults:\n  rpo: 12h\n" + MINIMAL, "fleet.yaml");
    assertThat(fleet.store("store-0001").orElseThrow().guests().get(0).rpo()).isEqualTo(Duration.ofHours(12));
  }

  @Test
  void yamlSyntaxErrorNamesItsPosition() {
    ValidationProblem p = onlyProblemOf(withLine(7, "    region: eu-central: x"));
    assertThat(p.line()).isEqualTo(7);
    assertThat(p.column()).isEqualTo(23);
    assertThat(p.message()).startsWith("YAML syntax error: mapping values are not allowed here");
    assertThat(p.fix()).contains("indentation");
  }

  @Test
  void tabsAreASyntaxError() {
    ValidationProblem p = onlyProblemOf(withLine(15, "\t  datastore: store"));
    assertThat(p.line()).isEqualTo(15);
    assertThat(p.message()).contains("YAML syntax error");
  }

  @Test
  void unknownKeySuggestsTheClosestAndListsTheAllowed() {
    List<ValidationProblem> problems = problemsOf(withLine(16, "      pveStorag: pbs-store"));
    assertThat(problems).extracting(ValidationProblem::line, ValidationProblem::column, ValidationProblem::path)
        .containsExactly(
            tuple(13, 7, "stores[0].pbs.pveStorage"),  // and therefore the required one is missing
            tuple(16, 7, "stores[0].pbs.pveStorag"));
    ValidationProblem unknown = problems.get(1);
    assertThat(unknown.message()).isEqualTo("unknown key \"pveStorag\"");
    assertThat(unknown.fix()).startsWith("did you mean \"pveStorage\"?")
        .contains("allowed keys here: endpoint, fingerprint, datastore, pveStorage, offsiteSyncJob");
  }

  @Test
  void unknownTopLevelKey() {
    ValidationProblem p = onlyProblemOf("defautls:\n  rpo: 26h\n" + MINIMAL);
    assertThat(p.line()).isEqualTo(1);
    assertThat(p.path()).isEqualTo("defautls");
    assertThat(p.fix()).startsWith("did you mean \"defaults\"?");
  }

  @Test
  void wrongTypeForAList() {
    ValidationProblem p = onlyProblemOf(MINIMAL.replace("    nodes:\n      - name: pve1\n        endpoint: https://127.0.0.1:20000\n        fingerprint: \"" + FP + "\"\n",
        "    nodes: pve1\n\n\n\n"));
    assertThat(p.line()).isEqualTo(8);
    assertThat(p.path()).isEqualTo("stores[0].nodes");
    assertThat(p.message()).isEqualTo("expected a list but found \"pve1\"");
  }

  @Test
  void wrongTypeForAMapping() {
    String pbsAsList = MINIMAL.substring(0, MINIMAL.indexOf("    pbs:")) + "    pbs: [store]\n\n\n\n\n"
        + MINIMAL.substring(MINIMAL.indexOf("    guests:"));
    ValidationProblem p = onlyProblemOf(pbsAsList);
    assertThat(p.line()).isEqualTo(12);
    assertThat(p.column()).isEqualTo(10);
    assertThat(p.path()).isEqualTo("stores[0].pbs");
    assertThat(p.message()).isEqualTo("expected a mapping of endpoint, fingerprint, datastore, pveStorage, "
        + "offsiteSyncJob but found a list");
  }

  @Test
  void wrongTypeForABoolean() {
    ValidationProblem p = onlyProblemOf(withLine(7, "    pilot: yes").replace("  - id: store-0001\n", "  - id: store-0001\n    region: eu-central\n"));
    assertThat(p.line()).isEqualTo(8);
    assertThat(p.path()).isEqualTo("stores[0].pilot");
    assertThat(p.message()).isEqualTo("expected true or false but found \"yes\"");
  }

  @Test
  void quotedNumberIsAWrongType() {
    ValidationProblem p = onlyProblemOf(withLine(18, "      - vmid: \"100\""));
    assertThat(p.line()).isEqualTo(18);
    assertThat(p.column()).isEqualTo(15);
    assertThat(p.path()).isEqualTo("stores[0].guests[0].vmid");
    assertThat(p.fix()).isEqualTo("remove the quotes");
  }

  @Test
  void vmidOutOfRange() {
    ValidationProblem p = onlyProblemOf(withLine(18, "      - vmid: 99"));
    assertThat(p.line()).isEqualTo(18);
    assertThat(p.message()).isEqualTo("99 is out of range");
    assertThat(p.fix()).isEqualTo("write a number from 100 to 999999999");
  }

  @Test
  void missingRequiredFieldPointsAtTheMapping() {
    String noPbs = MINIMAL.substring(0, MINIMAL.indexOf("    pbs:")) + MINIMAL.substring(MINIMAL.indexOf("    guests:"));
    ValidationProblem p = onlyProblemOf(noPbs);
    assertThat(p.line()).isEqualTo(6);
    assertThat(p.path()).isEqualTo("stores[0].pbs");
    assertThat(p.message()).isEqualTo("missing required field \"pbs\"");
    assertThat(p.fix()).contains("endpoint, fingerprint, datastore, pveStorage");
  }

  @Test
  void missingEndpoint() {
    ValidationProblem p = onlyProblemOf(withLine(10, "        # endpoint removed"));
    assertThat(p.line()).isEqualTo(9);
    assertThat(p.path()).isEqualTo("stores[0].nodes[0].endpoint");
    assertThat(p.message()).isEqualTo("missing required field \"endpoint\"");
  }

  @Test
  void emptyEndpointPointsAtTheKey() {
    ValidationProblem p = onlyProblemOf(withLine(13, "      endpoint:"));
    assertThat(p.line()).isEqualTo(13);
    assertThat(p.column()).isEqualTo(7);
    assertThat(p.path()).isEqualTo("stores[0].pbs.endpoint");
    assertThat(p.message()).isEqualTo("\"endpoint\" has no value");
  }

  @Test
  void nonHttpsEndpoint() {
    ValidationProblem p = onlyProblemOf(withLine(10, "        endpoint: http://127.0.0.1:20000"));
    assertThat(p.line()).isEqualTo(10);
    assertThat(p.column()).isEqualTo(19);
    assertThat(p.path()).isEqualTo("stores[0].nodes[0].endpoint");
    assertThat(p.message()).isEqualTo("\"http://127.0.0.1:20000\" is not an https URL");
  }

  @Test
  void endpointWithoutPort() {
    ValidationProblem p = onlyProblemOf(withLine(13, "      endpoint: https://pbs.store-0001.example"));
    assertThat(p.line()).isEqualTo(13);
    assertThat(p.message()).endsWith("has no port");
    assertThat(p.fix()).contains("https://<host>:<port>");
  }

  @Test
  void malformedEndpoint() {
    ValidationProblem p = onlyProblemOf(withLine(10, "        endpoint: https://pve 1:8006"));
    assertThat(p.line()).isEqualTo(10);
    assertThat(p.message()).startsWith("\"https://pve 1:8006\" is not a URL");
  }

  @Test
  void malformedFingerprintReadsAsDocumented() {
    ValidationProblem p = onlyProblemOf(withLine(14, "      fingerprint: \"AB:CD\""));
    assertThat(p).isEqualTo(new ValidationProblem("fleet.yaml", 14, 20, "stores[0].pbs.fingerprint",
        "\"AB:CD\" is not a SHA-256 fingerprint",
        "use 32 colon-separated hex bytes, as shown by GET /nodes/{node}/certificates/info"));
    assertThat(p.toString()).isEqualTo("fleet.yaml:14:20: stores[0].pbs.fingerprint: \"AB:CD\" is not a SHA-256 "
        + "fingerprint — use 32 colon-separated hex bytes, as shown by GET /nodes/{node}/certificates/info");
  }

  @Test
  void unparsableRpo() {
    ValidationProblem p = onlyProblemOf(withLine(21, "        role: dns\n        rpo: 26 hours"));
    assertThat(p.line()).isEqualTo(22);
    assertThat(p.path()).isEqualTo("stores[0].guests[0].rpo");
    assertThat(p.message()).isEqualTo("\"26 hours\" is not a positive duration");
    assertThat(p.fix()).contains("90s, 45m, 26h, 7d, 1w, 1h30m", "PT26H");
  }

  @Test
  void zeroDefaultDurationIsRejected() {
    ValidationProblem p = onlyProblemOf("defaults:\n  siteResponseTimeout: 0m\n" + MINIMAL);
    assertThat(p.line()).isEqualTo(2);
    assertThat(p.path()).isEqualTo("defaults.siteResponseTimeout");
  }

  @Test
  void badTokenId() {
    ValidationProblem p = onlyProblemOf("defaults:\n  pveTokenId: edgerun-runbooks\n" + MINIMAL);
    assertThat(p.line()).isEqualTo(2);
    assertThat(p.path()).isEqualTo("defaults.pveTokenId");
    assertThat(p.fix()).contains("user@realm!tokenid");
  }

  @Test
  void unknownTimeZoneSuggestsTheClosest() {
    ValidationProblem p = onlyProblemOf(withLine(4, "    timeZone: Europe/Berln"));
    assertThat(p.line()).isEqualTo(4);
    assertThat(p.path()).isEqualTo("regions[0].timeZone");
    assertThat(p.message()).isEqualTo("\"Europe/Berln\" is not an IANA time zone");
    assertThat(p.fix()).startsWith("did you mean \"Europe/Berlin\"?");
  }

  @Test
  void fixedOffsetIsNotAnIanaZone() {
    ValidationProblem p = onlyProblemOf(withLine(7, "    region: eu-central\n    timeZone: +01:00"));
    assertThat(p.line()).isEqualTo(8);
    assertThat(p.path()).isEqualTo("stores[0].timeZone");
  }

  @Test
  void unknownRegion() {
    ValidationProblem p = onlyProblemOf(withLine(7, "    region: eu-centrl"));
    assertThat(p.line()).isEqualTo(7);
    assertThat(p.column()).isEqualTo(13);
    assertThat(p.path()).isEqualTo("stores[0].region");
    assertThat(p.message()).isEqualTo("unknown region \"eu-centrl\"");
    assertThat(p.fix()).startsWith("did you mean \"eu-central\"?").endsWith("use one of: eu-central");
  }

  @Test
  void duplicateRegionId() {
    ValidationProblem p = onlyProblemOf(MINIMAL.replace("stores:\n", "  - id: eu-central\n    timeZone: Europe/Paris\nstores:\n"));
    assertThat(p.line()).isEqualTo(5);
    assertThat(p.path()).isEqualTo("regions[1].id");
    assertThat(p.message()).isEqualTo("duplicate region id \"eu-central\" (first at line 3)");
  }

  @Test
  void stagingNodesAreValidatedLikeStoreNodes() {
    ValidationProblem p = onlyProblemOf(withLine(4, String.join("\n",
        "    timeZone: Europe/Berlin",
        "    staging:",
        "      nodes:",
        "        - name: stg1",
        "          endpoint: https://127.0.0.1:21000",
        "          fingerprint: \"not-a-fingerprint\"")));
    assertThat(p.line()).isEqualTo(9);
    assertThat(p.column()).isEqualTo(24);
    assertThat(p.path()).isEqualTo("regions[0].staging.nodes[0].fingerprint");
    assertThat(p.message()).isEqualTo("\"not-a-fingerprint\" is not a SHA-256 fingerprint");
  }

  @Test
  void badStoreId() {
    ValidationProblem p = onlyProblemOf(withLine(6, "  - id: Store_1"));
    assertThat(p.line()).isEqualTo(6);
    assertThat(p.column()).isEqualTo(9);
    assertThat(p.path()).isEqualTo("stores[0].id");
    assertThat(p.message()).isEqualTo("\"Store_1\" is not a valid store id");
  }

  @Test
  void duplicateStoreIdPointsAtTheSecondAndNamesTheFirst() {
    String store = MINIMAL.substring(MINIMAL.indexOf("  - id: store-0001"));
    String yaml = MINIMAL + store.replace("20000", "20100");
    ValidationProblem p = onlyProblemOf(yaml);
    assertThat(p.line()).isEqualTo(22);
    assertThat(p.column()).isEqualTo(9);
    assertThat(p.path()).isEqualTo("stores[1].id");
    assertThat(p.message()).isEqualTo("duplicate store id \"store-0001\" (first at line 6)");
  }

  @Test
  void duplicateNodeNamesWithinAStore() {
    String node = "      - name: pve1\n        endpoint: https://127.0.0.1:20001\n        fingerprint: \"" + FP + "\"\n";
    ValidationProblem p = onlyProblemOf(withLine(11, "        fingerprint: \"" + FP + "\"\n" + node.stripTrailing()));
    assertThat(p.line()).isEqualTo(12);
    assertThat(p.path()).isEqualTo("stores[0].nodes[1].name");
    assertThat(p.message()).isEqualTo("duplicate node name \"pve1\" (first at line 9)");
  }

  @Test
  void sameNodeNameInTwoStoresIsFine() {
    String store = MINIMAL.substring(MINIMAL.indexOf("  - id: store-0001")).replace("store-0001", "store-0002");
    assertThat(FleetLoader.parse(MINIMAL + store, "fleet.yaml").stores()).hasSize(2);
  }

  @Test
  void duplicateVmidWithinAStore() {
    ValidationProblem p = onlyProblemOf(MINIMAL + "      - vmid: 100\n        name: dns2\n        type: lxc\n        role: dns\n");
    assertThat(p.line()).isEqualTo(22);
    assertThat(p.column()).isEqualTo(15);
    assertThat(p.path()).isEqualTo("stores[0].guests[1].vmid");
    assertThat(p.message()).isEqualTo("duplicate vmid \"100\" (first at line 18)");
  }

  @Test
  void unknownGuestType() {
    ValidationProblem p = onlyProblemOf(withLine(20, "        type: lcx"));
    assertThat(p.line()).isEqualTo(20);
    assertThat(p.message()).isEqualTo("\"lcx\" is not one of qemu, lxc");
    assertThat(p.fix()).startsWith("did you mean \"lxc\"?");
  }

  @Test
  void duplicateYamlKey() {
    ValidationProblem p = onlyProblemOf(withLine(16, "      pveStorage: pbs-store\n      datastore: other"));
    assertThat(p.line()).isEqualTo(17);
    assertThat(p.path()).isEqualTo("stores[0].pbs.datastore");
    assertThat(p.message()).isEqualTo("duplicate key \"datastore\" (first at line 15)");
  }

  @Test
  void emptyNodeList() {
    ValidationProblem p = onlyProblemOf(MINIMAL.replace("    nodes:\n      - name: pve1\n        endpoint: https://127.0.0.1:20000\n        fingerprint: \"" + FP + "\"\n",
        "    nodes: []\n"));
    assertThat(p.line()).isEqualTo(8);
    assertThat(p.message()).isEqualTo("a cluster needs at least one node");
  }

  @Test
  void emptyFile() {
    ValidationProblem p = onlyProblemOf("# nothing yet\n");
    assertThat(p.line()).isEqualTo(1);
    assertThat(p.message()).isEqualTo("the file is empty");
  }

  @Test
  void missingFileIsAProblemNamingIt(@TempDir Path dir) {
    Path missing = dir.resolve("fleet.yaml");
    assertThatThrownBy(() -> FleetLoader.load(missing))
        .isInstanceOf(RunbookValidationException.class)
        .hasMessageContaining(missing + ":1:1: file not found");
  }

  @Test
  void reportsEveryProblemTogetherInFileOrder() {
    String yaml = MINIMAL
        .replace("  - id: store-0001", "  - id: Store-0001")
        .replace("    region: eu-central", "    region: mars")
        .replace("        endpoint: https://127.0.0.1:20000", "        endpoint: ftp://127.0.0.1:20000")
        .replace("      fingerprint: \"" + FP + "\"\n      datastore", "      fingerprint: \"AB:CD\"\n      datastore")
        .replace("        type: lxc", "        type: vm\n        rpo: soon");
    RunbookValidationException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        RunbookValidationException.class, () -> FleetLoader.parse(yaml, "fleet.yaml"));

    assertThat(e.problems()).extracting(ValidationProblem::line, ValidationProblem::path).containsExactly(
        tuple(6, "stores[0].id"),
        tuple(7, "stores[0].region"),
        tuple(10, "stores[0].nodes[0].endpoint"),
        tuple(14, "stores[0].pbs.fingerprint"),
        tuple(20, "stores[0].guests[0].type"),
        tuple(21, "stores[0].guests[0].rpo"));
    assertThat(e.getMessage()).startsWith("fleet.yaml: 6 problems\nfleet.yaml:6:9: stores[0].id: \"Store-0001\"")
        .contains("\nfleet.yaml:7:13: stores[0].region: unknown region \"mars\" — ")
        .contains("\nfleet.yaml:21:14: stores[0].guests[0].rpo: \"soon\" is not a positive duration — ");
  }

  @Test
  void mergeKeysShareBlocksBetweenStores() {
    String yaml = """
        fleet: edge-lab
        regions:
          - id: eu-central
            timeZone: Europe/Berlin
        stores:
          - &first
            id: store-0001
            region: eu-central
            nodes:
              - name: pve1
                endpoint: https://127.0.0.1:20000
                fingerprint: "FP"
            pbs:
              endpoint: https://127.0.0.1:20003
              fingerprint: "FP"
              datastore: store
              pveStorage: pbs-store
          - <<: *first
            id: store-0002
        """.replace("FP", FP);
    FleetDefinition fleet = FleetLoader.parse(yaml, "fleet.yaml");
    assertThat(fleet.stores()).extracting(StoreDefinition::id).containsExactly("store-0001", "store-0002");
    assertThat(fleet.store("store-0002").orElseThrow().pbs().datastore()).isEqualTo("store");
  }

  @Test
  void generatedFiveHundredStoreFleetLoadsFast() {
    String yaml = FleetSamples.generated(500);
    FleetDefinition fleet = FleetLoader.parse(yaml, "fleet.yaml");  // warms up class loading and the JIT
    assertThat(fleet.stores()).hasSize(500);
    assertThat(fleet.pilotStores()).hasSize(5);
    assertThat(fleet.storesInWave("wave-1")).hasSize(50);
    assertThat(fleet.store("store-0500").orElseThrow().guests()).hasSize(4);

    // Best of three, so a GC pause or a busy build machine does not decide the result.
    Duration best = Duration.ofDays(1);
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      FleetLoader.parse(yaml, "fleet.yaml");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      best = took.compareTo(best) < 0 ? took : best;
    }
    assertThat(best).as("a 500-store load").isLessThan(Duration.ofMillis(500));
  }

  @Test
  void lineNumbersStayExactDeepInALargeFile() {
    int store = 377;
    int fingerprintLine = FleetSamples.HEADER_LINES + (store - 1) * FleetSamples.LINES_PER_STORE + 1 + 5 + 9 + 2;
    List<String> lines = new java.util.ArrayList<>(FleetSamples.generated(500).lines().toList());
    assertThat(lines.get(fingerprintLine - 1)).as("the generator's layout").startsWith("      fingerprint:");
    lines.set(fingerprintLine - 1, "      fingerprint: \"12:34\"");

    ValidationProblem p = onlyProblemOf(String.join("\n", lines));
    assertThat(p.line()).isEqualTo(fingerprintLine);
    assertThat(p.path()).isEqualTo("stores[376].pbs.fingerprint");
  }

  @Test
  void tooManyProblemsAreCappedInTheMessageButAllKept() {
    String yaml = FleetSamples.generated(300).replace("region: us-east", "region: us-west");
    RunbookValidationException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        RunbookValidationException.class, () -> FleetLoader.parse(yaml, "fleet.yaml"));
    assertThat(e.problems()).hasSize(150).allSatisfy(p -> assertThat(p.message()).isEqualTo("unknown region \"us-west\""));
    assertThat(e.getMessage()).startsWith("fleet.yaml: 150 problems").endsWith("\n… and 50 more");
  }
}
