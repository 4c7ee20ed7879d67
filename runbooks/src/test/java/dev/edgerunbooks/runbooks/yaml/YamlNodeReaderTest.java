package dev.edgerunbooks.runbooks.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.edgerunbooks.runbooks.RunbookValidationException;
import dev.edgerunbooks.runbooks.SourceLocation;
import dev.edgerunbooks.runbooks.ValidationProblem;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The walker as a next runbook file (here a made-up schedules.yaml) would use it. */
class YamlNodeReaderTest {
  enum Kind { NIGHTLY, WEEKLY }

  record Schedule(String runbook, Kind kind, ZoneId zone, Duration jitter, boolean paused, int retries) {}

  private static List<Schedule> read(YamlDocument doc) {
    List<Schedule> schedules = new java.util.ArrayList<>();
    doc.root().flatMap(r -> r.asMapping("schedules"))
        .flatMap(m -> m.required("schedules", "list the schedules"))
        .flatMap(YamlNodeReader::asList)
        .orElse(List.of())
        .forEach(item -> item.asMapping("runbook", "kind", "zone", "jitter", "paused", "retries").ifPresent(m -> {
          int before = doc.problemCount();
          Optional<String> runbook = m.required("runbook", "name the runbook").flatMap(YamlNodeReader::asString);
          Optional<Kind> kind = m.required("kind", "say nightly or weekly").flatMap(n -> n.asEnum(Kind.class));
          Optional<ZoneId> zone = m.required("zone", "name a zone").flatMap(YamlNodeReader::asZoneId);
          Duration jitter = m.optional("jitter").flatMap(YamlNodeReader::asDuration).orElse(Duration.ofMinutes(5));
          boolean paused = m.optional("paused").flatMap(YamlNodeReader::asBoolean).orElse(false);
          int retries = m.optional("retries").flatMap(n -> n.asInt(0, 10)).orElse(3);
          if (doc.problemCount() == before) {
            schedules.add(new Schedule(runbook.get(), kind.get(), zone.get(), jitter, paused, retries));
          }
        }));
    return schedules;
  }

  @Test
  void readsTypedValuesWithDefaults() {
    YamlDocument doc = YamlDocument.parse("""
        schedules:
          - runbook: backup-verify
            kind: nightly
            zone: Europe/Berlin
          - runbook: restore-test
            kind: weekly
            zone: UTC
            jitter: 1h
            paused: true
            retries: 0
        """, "schedules.yaml");
    assertThat(read(doc)).containsExactly(
        new Schedule("backup-verify", Kind.NIGHTLY, ZoneId.of("Europe/Berlin"), Duration.ofMinutes(5), false, 3),
        new Schedule("restore-test", Kind.WEEKLY, ZoneId.of("UTC"), Duration.ofHours(1), true, 0));
    assertThat(doc.hasProblems()).isFalse();
    doc.throwIfProblems();
  }

  @Test
  void collectsEveryProblemWithExactPositions() {
    YamlDocument doc = YamlDocument.parse("""
        schedules:
          - runbook: backup-verify
            kind: hourly
            zone: Mars/Olympus
            jiter: 5m
          - kind: weekly
            zone: UTC
            retries: 11
            paused: "true"
        """, "schedules.yaml");
    assertThat(read(doc)).isEmpty();
    assertThat(doc.problems())
        .extracting(ValidationProblem::line, ValidationProblem::column, ValidationProblem::path)
        .containsExactly(
            tuple(5, 5, "schedules[0].jiter"),
            tuple(3, 11, "schedules[0].kind"),
            tuple(4, 11, "schedules[0].zone"),
            tuple(6, 5, "schedules[1].runbook"),
            tuple(9, 13, "schedules[1].paused"),
            tuple(8, 14, "schedules[1].retries"));
    assertThat(doc.problems().get(0).fix()).startsWith("did you mean \"jitter\"?");
    assertThatThrownBy(doc::throwIfProblems)
        .isInstanceOf(RunbookValidationException.class)
        .hasMessageStartingWith("schedules.yaml: 6 problems\nschedules.yaml:3:11: schedules[0].kind: \"hourly\" is not one of nightly, weekly");
  }

  @Test
  void syntaxErrorsLeaveNoRoot() {
    YamlDocument doc = YamlDocument.parse("schedules:\n  - runbook: \"unclosed\n", "schedules.yaml");
    assertThat(doc.root()).isEmpty();
    assertThat(doc.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(3);
      assertThat(p.message()).contains("YAML syntax error", "quoted scalar", "at line 2");
    });
  }

  @Test
  void twoDocumentsInOneFileAreRefused() {
    YamlDocument doc = YamlDocument.parse("a: 1\n---\nb: 2\n", "x.yaml");
    assertThat(doc.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(2);
      assertThat(p.message()).contains("single document");
    });
  }

  @Test
  void nullListIsEmptyAndMissingOptionalIsEmpty() {
    YamlDocument doc = YamlDocument.parse("items:\nother: ~\n", "x.yaml");
    YamlMapping m = doc.root().orElseThrow().asMapping("items", "other").orElseThrow();
    assertThat(m.optional("items")).isEmpty();
    assertThat(m.optional("other")).isEmpty();
    assertThat(m.has("items")).isFalse();
    assertThat(doc.problems()).isEmpty();
  }

  @Test
  void argvIsAListOfTexts() {
    YamlDocument doc = YamlDocument.parse("""
        ok: [systemctl, is-active, "{node}", 5]
        single: systemctl is-active dns
        placeholder:
          - reinstall
          - {node}
        empty: []
        """, "x.yaml");
    YamlMapping m = doc.root().orElseThrow().asMapping("ok", "single", "placeholder", "empty").orElseThrow();
    assertThat(m.optional("ok").flatMap(YamlNodeReader::asArgv)).contains(List.of("systemctl", "is-active", "{node}", "5"));
    assertThat(m.optional("single").flatMap(YamlNodeReader::asArgv)).isEmpty();
    assertThat(m.optional("placeholder").flatMap(YamlNodeReader::asArgv)).isEmpty();
    assertThat(m.optional("empty").flatMap(YamlNodeReader::asArgv)).isEmpty();
    assertThat(doc.problems()).extracting(ValidationProblem::toString).containsExactly(
        "x.yaml:2:9: single: a command is a list of arguments, not the single text \"systemctl is-active dns\""
            + " — write [systemctl, is-active, dns]; no shell splits it",
        "x.yaml:5:5: placeholder[1]: {node} without quotes is a YAML mapping, not text — quote it: \"{node}\"",
        "x.yaml:6:8: empty: the command is empty — write the program and its arguments, e.g. [systemctl, is-active, nginx]");
  }

  @Test
  void mappingOfAnyKeysGivesEachKeyItsPosition() {
    YamlDocument doc = YamlDocument.parse("""
        capacity:
          eu-central: 2
          us-east: 3
        other: [1]
        """, "x.yaml");
    YamlMapping top = doc.root().orElseThrow().asMapping("capacity", "other").orElseThrow();
    YamlMapping capacity = top.optional("capacity").flatMap(n -> n.asMappingOfAnyKeys("eu-central: 2")).orElseThrow();
    assertThat(capacity.keys()).containsExactly("eu-central", "us-east");
    assertThat(capacity.key("us-east").orElseThrow().location())
        .isEqualTo(new SourceLocation("x.yaml", 3, 3, "capacity.us-east"));
    assertThat(capacity.optional("us-east").flatMap(n -> n.asInt(1, 10))).contains(3);
    assertThat(capacity.key("eu-west")).isEmpty();
    assertThat(top.optional("other").flatMap(n -> n.asMappingOfAnyKeys("eu-central: 2"))).isEmpty();
    assertThat(doc.problems()).singleElement().hasToString("x.yaml:4:8: other: expected a mapping but found a list"
        + " — write one \"eu-central: 2\" line per entry, indented under this key");
  }

  @Test
  void uniqueValuesNameTheFirstLine() {
    YamlDocument doc = YamlDocument.parse("order: [dns, pos, dns]\n", "x.yaml");
    UniqueValues roles = new UniqueValues("role", "list each role once");
    List<Boolean> added = doc.root().orElseThrow().asMapping("order").orElseThrow().optional("order")
        .flatMap(YamlNodeReader::asList).orElseThrow().stream()
        .map(n -> roles.add(n.asString().orElseThrow(), n)).toList();
    assertThat(added).containsExactly(true, true, false);
    assertThat(doc.problems()).singleElement().hasToString(
        "x.yaml:1:19: order[2]: duplicate role \"dns\" (first at line 1) — list each role once");
  }

  @Test
  void readReturnsTheResultOrThrowsEveryProblem() {
    int a = YamlDocument.parse("a: 1\n", "x.yaml")
        .read(List.of("a"), m -> m.required("a", "write a").flatMap(n -> n.asInt(0, 9)));
    assertThat(a).isEqualTo(1);
    assertThatThrownBy(() -> YamlDocument.parse("b: 1\n", "x.yaml").read(List.of("a"), m -> Optional.of(1)))
        .isInstanceOf(RunbookValidationException.class)
        .hasMessageContaining("x.yaml:1:1: b: unknown key \"b\"");
  }

  @Test
  void decimalsAndListsOfItems() {
    YamlDocument doc = YamlDocument.parse("""
        ratio: 0.99
        whole: 20
        quoted: "0.5"
        infinite: .inf
        big: 2.5
        names: [a, b]
        none: []
        mixed: [a, [b]]
        """, "x.yaml");
    YamlMapping m = doc.root().orElseThrow()
        .asMapping("ratio", "whole", "quoted", "infinite", "big", "names", "none", "mixed").orElseThrow();
    assertThat(m.optional("ratio").flatMap(n -> n.asDouble(0, 1))).contains(0.99);
    assertThat(m.optional("whole").flatMap(n -> n.asDouble(0, 100))).contains(20.0);
    assertThat(m.optional("quoted").flatMap(n -> n.asDouble(0, 1))).isEmpty();
    assertThat(m.optional("infinite").flatMap(n -> n.asDouble(0, 1))).isEmpty();
    assertThat(m.optional("big").flatMap(n -> n.asDouble(0, 1))).isEmpty();
    assertThat(m.optional("names").flatMap(n -> n.asListOf(YamlNodeReader::asString))).contains(List.of("a", "b"));
    assertThat(m.optional("none").flatMap(n -> n.asNonEmptyList("nothing listed", "list something"))).isEmpty();
    assertThat(m.optional("mixed").flatMap(n -> n.asListOf(YamlNodeReader::asString))).isEmpty();
    assertThat(doc.problems()).extracting(ValidationProblem::toString).containsExactly(
        "x.yaml:3:9: quoted: expected a number but found \"0.5\" — remove the quotes",
        "x.yaml:4:11: infinite: \".inf\" is not a decimal number — write a number from 0 to 1",
        "x.yaml:5:6: big: 2.5 is out of range — write a number from 0 to 1",
        "x.yaml:7:7: none: nothing listed — list something",
        "x.yaml:8:12: mixed[1]: expected a text value but found a list — write a single value on the same line as the key");
  }
}
