package dev.edgerunbooks.runbooks.probes;

import static dev.edgerunbooks.runbooks.RunbookTests.committed;
import static dev.edgerunbooks.runbooks.RunbookTests.committedFleet;
import static dev.edgerunbooks.runbooks.RunbookTests.fleet;
import static dev.edgerunbooks.runbooks.RunbookTests.guest;
import static dev.edgerunbooks.runbooks.RunbookTests.onlyProblemOf;
import static dev.edgerunbooks.runbooks.RunbookTests.problemsOf;
import static dev.edgerunbooks.runbooks.RunbookTests.store;
import static dev.edgerunbooks.runbooks.RunbookTests.withLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.edgerunbooks.runbooks.SourceLocation;
import dev.edgerunbooks.runbooks.ValidationProblem;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.GuestType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProbesLoaderTest {
  /** Every test below changes a line of it, so line numbers stay put. */
  static final String SAMPLE = """
      probes:
        dns:
          interface: eth0
        pos:
          exec: [systemctl, is-active, --quiet, pos]
          expectExit: 3
          expectOutput: running
          timeout: 30s
        tokenization:
          exec: [curl, -f, "http://127.0.0.1:8080/health"]
          interface: eth1
      """;

  private static ProbesDefinition parse(String yaml) {
    return ProbesLoader.parse(yaml, "probes.yaml");
  }

  private static ValidationProblem onlyProblem(String yaml) {
    return onlyProblemOf(() -> parse(yaml));
  }

  @Test
  void readsEveryField() {
    ProbesDefinition probes = parse(SAMPLE);

    assertThat(probes.roles().keySet()).containsExactly("dns", "pos", "tokenization");
    assertThat(probes.location()).isEqualTo(new SourceLocation("probes.yaml", 2, 3, "probes"));
    assertThat(probes.probe("dns")).contains(new RoleProbe("dns", List.of(), 0, Optional.empty(), Optional.of("eth0"),
        Duration.ofMinutes(2), new SourceLocation("probes.yaml", 3, 5, "probes.dns")));
    RoleProbe pos = probes.probe("pos").orElseThrow();
    assertThat(pos.exec()).containsExactly("systemctl", "is-active", "--quiet", "pos");
    assertThat(pos.expectExit()).isEqualTo(3);
    assertThat(pos.expectOutput()).contains("running");
    assertThat(pos.interfaceName()).isEmpty();
    assertThat(pos.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(pos.suits(GuestType.QEMU)).isTrue();
    assertThat(pos.suits(GuestType.LXC)).isFalse();
    RoleProbe both = probes.probe("tokenization").orElseThrow();
    assertThat(both.suits(GuestType.QEMU)).isTrue();
    assertThat(both.suits(GuestType.LXC)).isTrue();
    assertThat(both.expectExit()).as("default").isZero();
  }

  @Test
  void theCommittedProbesCoverTheCommittedFleet() {
    ProbesDefinition probes = ProbesLoader.load(committed(ProbesLoader.FILE_NAME));
    assertThat(probes.roles().keySet())
        .containsExactly("dns", "tokenization", "inventory", "cache", "pos", "monitoring");
    assertThat(probes.problemsFor(committedFleet())).isEmpty();
  }

  @Test
  void unknownKeySuggestsTheClosest() {
    ValidationProblem p = onlyProblem(withLine(SAMPLE, 7, "    expectOuput: running"));
    assertThat(p).extracting(ValidationProblem::line, ValidationProblem::column, ValidationProblem::path)
        .containsExactly(7, 5, "probes.pos.expectOuput");
    assertThat(p.message()).isEqualTo("unknown key \"expectOuput\"");
    assertThat(p.fix()).startsWith("did you mean \"expectOutput\"?")
        .endsWith("allowed keys here: exec, expectExit, expectOutput, timeout, interface");
  }

  @Test
  void execAsOneTextShowsTheList() {
    ValidationProblem p = onlyProblem(withLine(SAMPLE, 5, "    exec: systemctl is-active pos"));
    assertThat(p.toString()).isEqualTo("probes.yaml:5:11: probes.pos.exec: a command is a list of arguments, not the"
        + " single text \"systemctl is-active pos\" — write [systemctl, is-active, pos]; no shell splits it");
  }

  @Test
  void expectExitOutOfRange() {
    ValidationProblem p = onlyProblem(withLine(SAMPLE, 6, "    expectExit: 256"));
    assertThat(p.toString()).isEqualTo(
        "probes.yaml:6:17: probes.pos.expectExit: 256 is out of range — write a number from 0 to 255");
  }

  @Test
  void expectationsWithoutExec() {
    List<ValidationProblem> problems = problemsOf(() -> parse(withLine(SAMPLE, 5, "    interface: eth0")));
    assertThat(problems).extracting(ValidationProblem::line, ValidationProblem::column, ValidationProblem::path)
        .containsExactly(tuple(6, 5, "probes.pos.expectExit"), tuple(7, 5, "probes.pos.expectOutput"));
    assertThat(problems.get(0).message()).isEqualTo("\"expectExit\" checks exec, which role \"pos\" does not have");
    assertThat(problems.get(0).fix()).isEqualTo("add exec: [systemctl, is-active, --quiet, nginx] or remove expectExit");
  }

  @Test
  void aRoleNeedsExecOrInterface() {
    ValidationProblem p = onlyProblem(withLine(SAMPLE, 3, "    timeout: 1m"));
    assertThat(p.toString()).isEqualTo("probes.yaml:3:5: probes.dns: role \"dns\" has neither exec nor interface"
        + " — add exec: [systemctl, is-active, --quiet, nginx] for VMs, interface: eth0 for containers, or both");
  }

  @Test
  void aRoleWithoutValue() {
    ValidationProblem p = onlyProblem(withLine(SAMPLE, 3, ""));
    assertThat(p).extracting(ValidationProblem::line, ValidationProblem::column, ValidationProblem::path,
        ValidationProblem::message).containsExactly(2, 3, "probes.dns", "\"dns\" has no value");
  }

  @Test
  void badInterfaceName() {
    ValidationProblem p = onlyProblem(withLine(SAMPLE, 11, "    interface: eth0/1"));
    assertThat(p.toString()).isEqualTo("probes.yaml:11:16: probes.tokenization.interface: \"eth0/1\" is not a network"
        + " interface name — write the container's interface as PVE names it, e.g. eth0");
  }

  @Test
  void badRoleName() {
    ValidationProblem p = onlyProblem(withLine(SAMPLE, 4, "  point of sale:"));
    assertThat(p.toString()).isEqualTo("probes.yaml:4:3: probes.point of sale: \"point of sale\" is not a role word"
        + " — use one word: letters, digits, '-' or '_'");
  }

  @Test
  void badTimeout() {
    ValidationProblem p = onlyProblem(withLine(SAMPLE, 8, "    timeout: 30 seconds"));
    assertThat(p).extracting(ValidationProblem::line, ValidationProblem::column, ValidationProblem::message)
        .containsExactly(8, 14, "\"30 seconds\" is not a positive duration");
  }

  @Test
  void duplicateRole() {
    ValidationProblem p = onlyProblem(SAMPLE + "  dns:\n    interface: eth0\n");
    assertThat(p).extracting(ValidationProblem::line, ValidationProblem::message)
        .containsExactly(12, "duplicate key \"dns\" (first at line 2)");
  }

  @Test
  void emptyAndMissingProbes() {
    assertThat(onlyProblem("probes: {}\n").toString())
        .isEqualTo("probes.yaml:1:9: probes: no probe is defined — add a probe for each guest role of the fleet");
    List<ValidationProblem> misspelt = problemsOf(() -> parse("probs:\n  dns:\n    interface: eth0\n"));
    assertThat(misspelt).extracting(ValidationProblem::path).containsExactly("probs", "probes");
    assertThat(misspelt.get(0).fix()).startsWith("did you mean \"probes\"?");
    assertThat(problemsOf(() -> parse("probes: ~\n"))).singleElement()
        .extracting(ValidationProblem::message).isEqualTo("\"probes\" has no value");
  }

  // ---- against a fleet ----

  @Test
  void everyGuestNeedsAProbeOfItsType() {
    FleetDefinition fleet = fleet(3, List.of("eu"),
        store("store-0001", "eu",
            guest(100, "dns", GuestType.QEMU, "dns"),
            guest(101, "pos-db", GuestType.LXC, "pos"),
            guest(102, "tokens", GuestType.QEMU, "tokenisation"),
            guest(103, "tokens2", GuestType.LXC, "tokenisation")));

    List<ValidationProblem> problems = parse(SAMPLE).problemsFor(fleet);

    assertThat(problems).extracting(ValidationProblem::toString).containsExactly(
        "probes.yaml:3:5: probes.dns: role \"dns\" has no exec probe, needed by store store-0001 guest 100 (dns, qemu)"
            + " — add exec: [command, args…] for qemu guests (run by the guest agent) to probes.dns in probes.yaml",
        "probes.yaml:5:5: probes.pos: role \"pos\" has no interface probe, needed by store store-0001 guest 101 (pos-db, lxc)"
            + " — add interface: eth0 for lxc guests (PVE has no exec API for containers) to probes.pos in probes.yaml",
        "probes.yaml:2:3: probes: no probe for role \"tokenisation\", needed by store store-0001 guest 102 (tokens, qemu),"
            + " store store-0001 guest 103 (tokens2, lxc) — did you mean \"tokenization\"? add \"tokenisation\" under"
            + " probes: in probes.yaml with exec: [command, args…] for qemu guests (run by the guest agent) and"
            + " interface: eth0 for lxc guests (PVE has no exec API for containers)");
  }

  @Test
  void oneProblemPerRoleNamesTheFirstGuestsAndCountsTheRest() {
    var stores = IntStream.rangeClosed(1, 500)
        .mapToObj(i -> store(String.format("store-%04d", i), "eu",
            guest(104, "pos-gateway", GuestType.QEMU, "pos"),
            guest(105, "kiosk", GuestType.QEMU, "kiosk")))
        .toList();

    List<ValidationProblem> problems = parse(SAMPLE).problemsFor(stores);

    assertThat(problems).singleElement().extracting(ValidationProblem::message).isEqualTo(
        "no probe for role \"kiosk\", needed by store store-0001 guest 105 (kiosk, qemu), store store-0002 guest 105"
            + " (kiosk, qemu), store store-0003 guest 105 (kiosk, qemu), … (497 more)");
  }
}
