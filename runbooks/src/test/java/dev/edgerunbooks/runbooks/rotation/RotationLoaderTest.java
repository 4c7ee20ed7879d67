package dev.edgerunbooks.runbooks.rotation;

import static dev.edgerunbooks.runbooks.RunbookTests.assertOnlyProblem;
import static dev.edgerunbooks.runbooks.RunbookTests.committed;
import static dev.edgerunbooks.runbooks.RunbookTests.committedFleet;
import static dev.edgerunbooks.runbooks.RunbookTests.fleet;
import static dev.edgerunbooks.runbooks.RunbookTests.onlyProblemOf;
import static dev.edgerunbooks.runbooks.RunbookTests.problemsOf;
import static dev.edgerunbooks.runbooks.RunbookTests.store;
import static dev.edgerunbooks.runbooks.RunbookTests.withLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.edgerunbooks.runbooks.ValidationProblem;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.patchwave.PatchWaveLoader;
import dev.edgerunbooks.workflows.certrotation.CertIssuer;
import dev.edgerunbooks.workflows.certrotation.CertPolicy;
import dev.edgerunbooks.workflows.common.Freeze;
import dev.edgerunbooks.workflows.common.StoreCalendar;
import dev.edgerunbooks.workflows.tokenrotation.TokenPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RotationLoaderTest {
  /** Every test changes a line of it, so line numbers stay put. */
  static final String SAMPLE = """
      certificates:
        renewBefore: 30d
        maxAge: 60d
        escalateBefore: 21d
        issuer: acme
        concurrency: 10
        acme:
          directory: https://acme.example.com:14000/dir
          contact: mailto:ops@example.com
          challenge: dns-01
        window:
          days: [mon, tue, wed, thu, fri]
          from: "01:00"
          to: "05:00"
          minimumLength: 30m
        freezes:
          - name: black-friday
            from: 2026-11-26
            to: 2026-11-30
      tokens:
        lifetime: 90d
        renewBefore: 30d
        grace: 10m
        concurrency: 5
      """;

  /** What a file needs at the least. */
  static final String MINIMAL = """
      certificates:
        issuer: vault-pki
        window: {days: [sun], from: "00:00", to: "00:00", minimumLength: 1h}
      """;

  /** Monday 1 June 2026, noon UTC. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

  static final FleetDefinition FLEET = fleet(0, List.of("eu"), store("store-0001", "eu", ZoneId.of("UTC")),
      store("store-0002", "eu", ZoneId.of("Europe/Berlin")), store("store-0003", "eu", ZoneId.of("America/New_York")),
      store("store-0004", "eu", ZoneId.of("UTC")));

  private static final String DURATION_FIX = "write a positive duration such as 90s, 45m, 26h, 7d, 1w, 1h30m or ISO-8601 PT26H";

  private static RotationDefinition parse(String yaml) {
    return RotationLoader.parse(yaml, "rotation.yaml", FLEET, CLOCK);
  }

  private static ValidationProblem onlyProblem(String yaml) {
    return onlyProblemOf(() -> parse(yaml));
  }

  @Test
  void readsEveryField() {
    RotationDefinition d = parse(SAMPLE);

    assertThat(d.source()).isEqualTo(Path.of("rotation.yaml"));
    assertThat(d.certificates()).isEqualTo(new CertPolicy(Duration.ofDays(30), Duration.ofDays(60), Duration.ofDays(21),
        CertIssuer.ACME, 10, new StoreCalendar(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(1, 0),
            LocalTime.of(5, 0), Duration.ofMinutes(30),
            List.of(new Freeze("black-friday", LocalDate.of(2026, 11, 26), LocalDate.of(2026, 11, 30))))));
    assertThat(d.acme()).contains(new AcmeDefinition(URI.create("https://acme.example.com:14000/dir"), "mailto:ops@example.com",
        AcmeDefinition.DNS_01));
    assertThat(d.tokens()).isEqualTo(new TokenPolicy(Duration.ofDays(90), Duration.ofDays(30), Duration.ofMinutes(10), 5));
  }

  @Test
  void defaults() {
    RotationDefinition d = parse(MINIMAL);

    CertPolicy certificates = d.certificates();
    assertThat(certificates.renewBefore()).isEqualTo(RotationLoader.DEFAULT_RENEW_BEFORE).isEqualTo(Duration.ofDays(30));
    assertThat(certificates.maxAge()).isEqualTo(RotationLoader.DEFAULT_MAX_AGE).isEqualTo(Duration.ofDays(60));
    assertThat(certificates.escalateBefore()).isEqualTo(RotationLoader.DEFAULT_ESCALATE_BEFORE).isEqualTo(Duration.ofDays(21));
    assertThat(certificates.issuer()).isEqualTo(CertIssuer.VAULT_PKI);
    assertThat(certificates.concurrency()).isEqualTo(RotationLoader.DEFAULT_CONCURRENCY).isEqualTo(25);
    assertThat(certificates.calendar().freezes()).isEmpty();
    assertThat(d.acme()).isEmpty();
    assertThat(d.tokens()).isEqualTo(RotationLoader.DEFAULT_TOKENS)
        .isEqualTo(new TokenPolicy(Duration.ofDays(90), Duration.ofDays(30), Duration.ofMinutes(10), 25));
    assertThat(parse(MINIMAL + "tokens: {}\n").tokens()).isEqualTo(RotationLoader.DEFAULT_TOKENS);
  }

  /** The committed file against the lab fleet: the defaults, whole-day windows and patch-wave.yaml's freezes. */
  @Test
  void theCommittedFileLoadsWithTheDefaults() {
    FleetDefinition lab = committedFleet();

    RotationDefinition d = RotationLoader.load(committed(RotationLoader.FILE_NAME), lab, CLOCK);

    assertThat(d.source()).isEqualTo(committed(RotationLoader.FILE_NAME).toAbsolutePath().normalize());
    StoreCalendar patchWaveCalendar = PatchWaveLoader.load(committed(PatchWaveLoader.FILE_NAME), lab, CLOCK).calendar();
    assertThat(d.certificates()).isEqualTo(new CertPolicy(RotationLoader.DEFAULT_RENEW_BEFORE, RotationLoader.DEFAULT_MAX_AGE,
        RotationLoader.DEFAULT_ESCALATE_BEFORE, CertIssuer.VAULT_PKI, RotationLoader.DEFAULT_CONCURRENCY, patchWaveCalendar));
    assertThat(patchWaveCalendar.days()).containsExactlyInAnyOrder(DayOfWeek.values());
    assertThat(patchWaveCalendar.from()).isEqualTo(patchWaveCalendar.to());
    assertThat(d.acme()).isEmpty();
    // Only the grace is the lab's own: a minute, so a tour sees a rotation end.
    assertThat(d.tokens()).isEqualTo(new TokenPolicy(RotationLoader.DEFAULT_LIFETIME, RotationLoader.DEFAULT_TOKEN_RENEW_BEFORE,
        Duration.ofMinutes(1), RotationLoader.DEFAULT_CONCURRENCY));
  }

  @ParameterizedTest(name = "line {0}: {1}")
  @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
      "2|  renewBefore: soon|2|16|certificates.renewBefore|\"soon\" is not a positive duration|" + DURATION_FIX,
      "3|  maxAge: 1d|3|11|certificates.maxAge|maxAge 1d is not more than a day: the check runs daily, so every"
          + " certificate would be renewed on every run"
          + "|write a maxAge longer than a day, e.g. 60d (a certificate older than maxAge is renewed however long it has left)",
      "4|  escalateBefore: 0|4|19|certificates.escalateBefore|\"0\" is not a positive duration|" + DURATION_FIX,
      "4|  escalateBefore: 36h|4|19|certificates.escalateBefore|escalateBefore 1d12h is less than 2d: the check runs daily,"
          + " so a certificate could first be escalated with less than a day left, or only once it has expired"
          + "|write escalateBefore: 2d or more, e.g. 21d",
      "4|  escalateBefore: 30d|4|19|certificates.escalateBefore|escalateBefore 30d is not at least a day shorter than"
          + " renewBefore 30d, so a certificate can be escalated before a daily run has tried to renew it"
          + "|write escalateBefore at most 29d or renewBefore at least 31d: the days between them are the daily retries"
          + " of a failing renewal before anyone is asked (30d and 21d: nine)",
      "2|  renewBefore: 21d12h|4|19|certificates.escalateBefore|escalateBefore 21d is not at least a day shorter than"
          + " renewBefore 21d12h, so a certificate can be escalated before a daily run has tried to renew it"
          + "|write escalateBefore at most 20d12h or renewBefore at least 22d: the days between them are the daily retries"
          + " of a failing renewal before anyone is asked (30d and 21d: nine)",
      "5|  issuer: vault_pki|5|11|certificates.issuer|\"vault_pki\" is not one of vault-pki, acme"
          + "|did you mean \"vault-pki\"? write one of vault-pki, acme",
      "5|  issuer:|5|3|certificates.issuer|\"issuer\" has no value"
          + "|say who signs the nodes' certificates: issuer: vault-pki or issuer: acme",
      "6|  concurrency: 0|6|16|certificates.concurrency|0 is out of range|write a number from 1 to 10000",
      "8|    directory: http://acme.example.com/dir|8|16|certificates.acme.directory"
          + "|\"http://acme.example.com/dir\" is not an https URL"
          + "|ACME is served over TLS only (RFC 8555); write the CA's directory URL, e.g."
          + " https://acme-v02.api.letsencrypt.org/directory",
      "8|    directory: https:///dir|8|16|certificates.acme.directory|\"https:///dir\" has no host"
          + "|write the CA's directory URL, e.g. https://acme-v02.api.letsencrypt.org/directory",
      "9|    contact: ops@example.com|9|14|certificates.acme.contact|\"ops@example.com\" is not a mailto: contact"
          + "|write mailto: and an e-mail address, e.g. mailto:ops@example.com",
      "10|    challenge: dns01|10|16|certificates.acme.challenge|\"dns01\" is not one of http-01, dns-01"
          + "|did you mean \"dns-01\"? write one of http-01, dns-01",
      "10|    # no challenge|8|5|certificates.acme.challenge|missing required field \"challenge\""
          + "|say how a node proves its name to the CA: challenge: dns-01 (a TXT record in its zone) or challenge: http-01"
          + " (the CA reaches the node's port 80)",
      "12|    days: []|12|11|certificates.window.days|no weekday is listed, so the window can never be met"
          + "|list the weekdays a window starts on, e.g. days: [mon, tue, wed, thu, fri]",
      "15|    minimumLength: 5h|15|20|certificates.window.minimumLength|minimumLength 5h is longer than the window"
          + " 01:00-05:00 itself (4h), so the window can never be met"
          + "|lower minimumLength to at most 4h, or widen the window (an earlier from or a later to)",
      "19|      to: 2026-11-20|19|11|certificates.freezes[0].to|the freeze ends on 2026-11-20, before it starts on 2026-11-26"
          + "|write a last day on or after the first; both days are included",
      "21|  lifetime: 30d|22|16|tokens.renewBefore|renewBefore 30d is not shorter than lifetime 30d, so every token is"
          + " always due: each run would rotate every token, the new ones included"
          + "|write a renewBefore shorter than lifetime by more than a day, e.g. lifetime 90d with renewBefore 30d: a"
          + " token is rotated every 60 days",
      "22|  renewBefore: 89d12h|22|16|tokens.renewBefore|renewBefore 89d12h leaves 12h of lifetime 90d before a new token"
          + " is due again, so each daily run would rotate every token"
          + "|write a renewBefore shorter than lifetime by more than a day, e.g. lifetime 90d with renewBefore 30d: a"
          + " token is rotated every 60 days",
      "22|  renewBefore: 1d|22|16|tokens.renewBefore|renewBefore 1d is not more than a day: rotation runs daily, so a"
          + " token could expire between two runs before either found it due"
          + "|write more than a day, e.g. renewBefore: 30d, so a failing rotation is retried for days before the token"
          + " expires",
      "23|  grace: 30s|23|10|tokens.grace|grace 30s is less than 1m: the old token would be deleted before every worker"
          + " has read the new one from Vault|write grace: 1m or more, e.g. 10m",
      "23|  grace: 30d|23|10|tokens.grace|grace 30d is not shorter than renewBefore 30d: a token is rotated with at most"
          + " 30d left, so the old one would expire before its grace ends"
          + "|write a shorter grace, e.g. 10m: long enough for every worker to read the new token from Vault",
      "24|  concurrency: -1|24|16|tokens.concurrency|-1 is out of range|write a number from 1 to 10000",
  })
  void eachMistakeIsNamedWhereItIs(int line, String replacement, int atLine, int atColumn, String path, String message,
      String fix) {
    assertOnlyProblem(() -> parse(withLine(SAMPLE, line, replacement)), "rotation.yaml", atLine, atColumn, path, message, fix);
  }

  @Test
  void aGraceOutlastingTheNextRotationIsRefused() {
    String yaml = withLine(withLine(SAMPLE, 21, "  lifetime: 40d"), 23, "  grace: 10d");
    assertThat(onlyProblem(yaml)).hasToString("rotation.yaml:23:10: tokens.grace: grace 10d is not shorter than the 10d a"
        + " new token lasts before it is due again (lifetime 40d less renewBefore 30d), so the next rotation could start"
        + " before this one deleted the old token — write a shorter grace, e.g. 10m: long enough for every worker to read"
        + " the new token from Vault");
  }

  /** A default that a written setting breaks is named as the default, and the problem is where the file writes. */
  @Test
  void aDefaultIsNamedAsTheDefault() {
    assertThat(onlyProblem(withLine(withLine(SAMPLE, 4, "  # escalateBefore: the default"), 2, "  renewBefore: 14d")))
        .hasToString("rotation.yaml:2:16: certificates.renewBefore: escalateBefore 21d (the default) is not at least a day"
            + " shorter than renewBefore 14d, so a certificate can be escalated before a daily run has tried to renew it"
            + " — write escalateBefore at most 13d or renewBefore at least 22d: the days between them are the daily"
            + " retries of a failing renewal before anyone is asked (30d and 21d: nine)");
    assertThat(onlyProblem(MINIMAL + "tokens: {lifetime: 20d}\n")).hasToString("rotation.yaml:4:20: tokens.lifetime:"
        + " renewBefore 30d (the default) is not shorter than lifetime 20d, so every token is always due: each run would"
        + " rotate every token, the new ones included — write a renewBefore shorter than lifetime by more than a day, e.g."
        + " lifetime 90d with renewBefore 30d: a token is rotated every 60 days");
  }

  // ---- the ACME settings

  @Test
  void theAcmeIssuerNeedsItsSettings() {
    String yaml = """
        certificates:
          issuer: acme
          window: {days: [sun], from: "00:00", to: "00:00", minimumLength: 1h}
        """;
    assertThat(onlyProblem(yaml)).hasToString("rotation.yaml:2:3: certificates.acme: missing required field \"acme\""
        + " — issuer acme needs the CA's directory, the account's contact and the challenge, e.g. acme: {directory:"
        + " https://acme-v02.api.letsencrypt.org/directory, contact: mailto:ops@example.com, challenge: dns-01}");
  }

  /** Written beside vault-pki they are kept, unused, and checked all the same, so switching the issuer is one line. */
  @Test
  void acmeSettingsBesideVaultPkiAreCheckedAndKept() {
    RotationDefinition d = parse(withLine(SAMPLE, 5, "  issuer: vault-pki"));
    assertThat(d.certificates().issuer()).isEqualTo(CertIssuer.VAULT_PKI);
    assertThat(d.acme()).map(AcmeDefinition::challenge).contains(AcmeDefinition.DNS_01);

    ValidationProblem p = onlyProblem(withLine(withLine(SAMPLE, 5, "  issuer: vault-pki"), 10, "    challenge: tls-alpn-01"));
    assertThat(p.path()).isEqualTo("certificates.acme.challenge");
    assertThat(p.message()).isEqualTo("\"tls-alpn-01\" is not one of http-01, dns-01");
  }

  // ---- the window, read and checked as patch-wave.yaml's

  @Test
  void aWindowThatNeverOpensForSomeStoreIsRefusedNamingTheZones() {
    ValidationProblem p = onlyProblem(withLine(withLine(SAMPLE, 18, "      from: 2026-05-01"), 19, "      to: 2028-12-31"));
    assertThat(p).hasToString("rotation.yaml:11:3: certificates.window: the window never opens in the 400 days from"
        + " 2026-06-01T12:00:00Z for the stores in UTC (store-0001, store-0004); Europe/Berlin (store-0002);"
        + " America/New_York (store-0003): mon, tue, wed, thu, fri 01:00-05:00 with at least 30m left, frozen black-friday"
        + " 2026-05-01..2028-12-31 — list more days, widen from/to, lower minimumLength or shorten the freezes, so that a"
        + " window opens in every store's time zone");
  }

  @Test
  void unknownKeysSuggestTheClosest() {
    List<ValidationProblem> problems = problemsOf(() -> parse(withLine(withLine(withLine(SAMPLE, 4, "  escalateBfore: 21d"),
        9, "    contacts: mailto:ops@example.com"), 23, "  grce: 10m")));
    assertThat(problems).extracting(ValidationProblem::line, ValidationProblem::path, ValidationProblem::message)
        .containsExactly(
            tuple(4, "certificates.escalateBfore", "unknown key \"escalateBfore\""),
            tuple(8, "certificates.acme.contact", "missing required field \"contact\""),
            tuple(9, "certificates.acme.contacts", "unknown key \"contacts\""),
            tuple(23, "tokens.grce", "unknown key \"grce\""));
    assertThat(problems.get(0).fix()).isEqualTo("did you mean \"escalateBefore\"? allowed keys here: renewBefore, maxAge,"
        + " escalateBefore, issuer, concurrency, acme, window, freezes");
    assertThat(problems.get(2).fix()).isEqualTo("did you mean \"contact\"? allowed keys here: directory, contact, challenge");
    assertThat(problems.get(3).fix()).isEqualTo("did you mean \"grace\"? allowed keys here: lifetime, renewBefore, grace,"
        + " concurrency");
  }

  @Test
  void missingCertificates() {
    assertThat(onlyProblem("tokens: {grace: 5m}\n")).hasToString("rotation.yaml:1:1: certificates: missing required field"
        + " \"certificates\" — say when and how the nodes' certificates are renewed, e.g. certificates: {issuer: vault-pki,"
        + " window: {days: [mon, tue, wed, thu, fri], from: \"01:00\", to: \"05:00\", minimumLength: 30m}}");
  }

  @Test
  void everyProblemOfTheFileAtOnceInFileOrder() {
    List<ValidationProblem> problems = problemsOf(() -> parse(withLine(withLine(withLine(SAMPLE, 23, "  grace: 1s"),
        3, "  maxAge: 12h"), 13, "    from: 1am")));
    assertThat(problems).extracting(ValidationProblem::line, ValidationProblem::path)
        .containsExactly(tuple(3, "certificates.maxAge"), tuple(13, "certificates.window.from"), tuple(23, "tokens.grace"));
  }
}
