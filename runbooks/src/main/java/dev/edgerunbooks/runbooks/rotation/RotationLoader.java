package dev.edgerunbooks.runbooks.rotation;

import dev.edgerunbooks.runbooks.Durations;
import dev.edgerunbooks.runbooks.RunbookValidationException;
import dev.edgerunbooks.runbooks.calendar.CalendarFields;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.yaml.YamlDocument;
import dev.edgerunbooks.runbooks.yaml.YamlMapping;
import dev.edgerunbooks.runbooks.yaml.YamlNodeReader;
import dev.edgerunbooks.workflows.certrotation.CertIssuer;
import dev.edgerunbooks.workflows.certrotation.CertPolicy;
import dev.edgerunbooks.workflows.common.StoreCalendar;
import dev.edgerunbooks.workflows.tokenrotation.TokenPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads and validates {@code rotation.yaml}, the policies of certificate and API token rotation:
 *
 * <pre>{@code
 * certificates:
 *   renewBefore: 30d          # default 30d: renew a certificate that expires within this
 *   maxAge: 60d               # default 60d: renew one older than this, however long it has left
 *   escalateBefore: 21d       # default 21d: escalate one still not renewed this close to expiry
 *   issuer: vault-pki         # vault-pki | acme
 *   concurrency: 25           # default 25: stores at once
 *   acme:                     # required when issuer is acme; otherwise checked the same, and unused
 *     directory: https://acme-v02.api.letsencrypt.org/directory
 *     contact: mailto:ops@example.com
 *     challenge: dns-01       # http-01 | dns-01
 *   window:                   # when a node's API proxy may restart, as patch-wave.yaml's (CalendarFields)
 *     {days: [mon, tue, wed, thu, fri], from: "01:00", to: "05:00", minimumLength: 30m}
 *   freezes:                  # optional
 *     - {name: black-friday, from: 2026-11-26, to: 2026-11-30}
 * tokens:                     # optional, as are its keys
 *   lifetime: 90d             # default 90d: a new token's expiry
 *   renewBefore: 30d          # default 30d: rotate a token that expires within this
 *   grace: 10m                # default 10m: the old token works this long after the new one is in Vault
 *   concurrency: 25           # default 25
 * }</pre>
 *
 * <p>Both rotations run once a day, so what a day between two runs would defeat is refused: a maxAge of
 * a day or less (every certificate renewed on every run), an escalateBefore under 2 days (a certificate
 * first escalated with less than a day left, or once expired), a renewBefore not at least a day longer
 * than escalateBefore (escalated before any run tried to renew it), a token renewBefore of a day or less
 * (a token expiring between two runs) or not shorter than lifetime by more than a day (every token due
 * on every run). A grace is at least a minute, and shorter than both renewBefore (the old token would
 * expire first) and lifetime less renewBefore (the next rotation would start first). The window must open
 * for every store of the fleet, as {@link CalendarFields} checks it.
 */
public final class RotationLoader {
  /** The file's name under {@code runbooks/}. */
  public static final String FILE_NAME = "rotation.yaml";
  public static final Duration DEFAULT_RENEW_BEFORE = Duration.ofDays(30);
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(60);
  public static final Duration DEFAULT_ESCALATE_BEFORE = Duration.ofDays(21);
  public static final Duration DEFAULT_LIFETIME = Duration.ofDays(90);
  public static final Duration DEFAULT_TOKEN_RENEW_BEFORE = Duration.ofDays(30);
  public static final Duration DEFAULT_GRACE = Duration.ofMinutes(10);
  public static final int DEFAULT_CONCURRENCY = 25;
  /** The policy when {@code tokens:} is absent. */
  public static final TokenPolicy DEFAULT_TOKENS =
      new TokenPolicy(DEFAULT_LIFETIME, DEFAULT_TOKEN_RENEW_BEFORE, DEFAULT_GRACE, DEFAULT_CONCURRENCY);

  /** Both rotations run once a day. */
  static final Duration RUN_INTERVAL = Duration.ofDays(1);
  static final Duration MIN_ESCALATE_BEFORE = Duration.ofDays(2);
  static final Duration MIN_GRACE = Duration.ofMinutes(1);
  static final int MAX_CONCURRENCY = 10_000;

  static final List<String> TOP_KEYS = List.of("certificates", "tokens");
  static final List<String> CERTIFICATE_KEYS = Stream.concat(
          Stream.of("renewBefore", "maxAge", "escalateBefore", "issuer", "concurrency", "acme"), CalendarFields.KEYS.stream())
      .toList();
  static final List<String> ACME_KEYS = List.of("directory", "contact", "challenge");
  static final List<String> TOKEN_KEYS = List.of("lifetime", "renewBefore", "grace", "concurrency");
  static final Map<String, CertIssuer> ISSUERS = issuers();
  static final Map<String, String> CHALLENGES = challenges();
  static final Pattern MAILTO = Pattern.compile("mailto:[^@\\s,]+@[^@\\s,]+");

  static final String LETS_ENCRYPT = "https://acme-v02.api.letsencrypt.org/directory";
  static final String CERTIFICATES_EXAMPLE = "certificates: {issuer: vault-pki, window: {days: [mon, tue, wed, thu, fri],"
      + " from: \"01:00\", to: \"05:00\", minimumLength: 30m}}";
  static final String ACME_EXAMPLE = "acme: {directory: " + LETS_ENCRYPT + ", contact: mailto:ops@example.com, challenge: dns-01}";

  private final YamlDocument document;
  private final Path source;
  private final FleetDefinition fleet;
  private final Clock clock;

  private RotationLoader(YamlDocument document, Path source, FleetDefinition fleet, Clock clock) {
    this.document = document;
    this.source = source;
    this.fleet = fleet;
    this.clock = clock;
  }

  /** {@link #load(Path, FleetDefinition, Clock)} with the system clock. */
  public static RotationDefinition load(Path file, FleetDefinition fleet) {
    return load(file, fleet, Clock.systemUTC());
  }

  /**
   * Reads {@code file}; the certificates' window must open for every store of {@code fleet} within the
   * horizon from {@code clock}'s now.
   *
   * @throws RunbookValidationException listing every problem of the file
   */
  public static RotationDefinition load(Path file, FleetDefinition fleet, Clock clock) {
    return new RotationLoader(YamlDocument.load(file), file.toAbsolutePath().normalize(), fleet, clock).read();
  }

  /**
   * Reads {@code yaml} as if it were the file {@code sourceName}.
   *
   * @throws RunbookValidationException listing every problem, each prefixed with {@code sourceName}
   */
  public static RotationDefinition parse(String yaml, String sourceName, FleetDefinition fleet, Clock clock) {
    return new RotationLoader(YamlDocument.parse(yaml, sourceName), Path.of(sourceName), fleet, clock).read();
  }

  private RotationDefinition read() {
    return document.read(TOP_KEYS, this::readRotation);
  }

  /** What {@code certificates:} gives: the policy, and the ACME settings beside it. */
  private record Certificates(CertPolicy policy, Optional<AcmeDefinition> acme) {}

  private Optional<RotationDefinition> readRotation(YamlMapping top) {
    Optional<Certificates> certificates = top
        .required("certificates", "say when and how the nodes' certificates are renewed, e.g. " + CERTIFICATES_EXAMPLE)
        .flatMap(n -> n.asMapping(CERTIFICATE_KEYS))
        .flatMap(this::readCertificates);
    Optional<TokenPolicy> tokens = top.optional("tokens")
        .map(n -> n.asMapping(TOKEN_KEYS).flatMap(this::readTokens))
        .orElse(Optional.of(DEFAULT_TOKENS));
    if (document.hasProblems()) {
      return Optional.empty();
    }
    Certificates c = certificates.orElseThrow();
    return Optional.of(new RotationDefinition(source, c.policy(), c.acme(), tokens.orElseThrow()));
  }

  // ---- certificates

  private Optional<Certificates> readCertificates(YamlMapping m) {
    int before = document.problemCount();
    Optional<Setting> renewBefore = duration(m, "renewBefore", DEFAULT_RENEW_BEFORE);
    Optional<Setting> maxAge = duration(m, "maxAge", DEFAULT_MAX_AGE).filter(s -> atLeast(s, RUN_INTERVAL, false,
        "the check runs daily, so every certificate would be renewed on every run",
        "write a maxAge longer than a day, e.g. 60d (a certificate older than maxAge is renewed however long it has left)"));
    Optional<Setting> escalateBefore = duration(m, "escalateBefore", DEFAULT_ESCALATE_BEFORE)
        .filter(s -> atLeast(s, MIN_ESCALATE_BEFORE, true, "the check runs daily, so a certificate could first be"
            + " escalated with less than a day left, or only once it has expired", "write escalateBefore: 2d or more, e.g. 21d"));
    Optional<CertIssuer> issuer = m.required("issuer", "say who signs the nodes' certificates: issuer: vault-pki or issuer: acme")
        .flatMap(n -> n.asOneOf(ISSUERS));
    int concurrency = m.optional("concurrency").flatMap(n -> n.asInt(1, MAX_CONCURRENCY)).orElse(DEFAULT_CONCURRENCY);
    Optional<YamlNodeReader> acmeNode = issuer.filter(CertIssuer.ACME::equals).isPresent()
        ? m.required("acme", "issuer acme needs the CA's directory, the account's contact and the challenge, e.g. " + ACME_EXAMPLE)
        : m.optional("acme");
    Optional<AcmeDefinition> acme = acmeNode.flatMap(n -> n.asMapping(ACME_KEYS)).flatMap(this::readAcme);
    Optional<StoreCalendar> calendar = CalendarFields.read(m, fleet, clock);
    if (renewBefore.isPresent() && escalateBefore.isPresent()) {
      retriesBeforeEscalating(m, renewBefore.get(), escalateBefore.get());
    }
    if (document.problemCount() != before) {
      return Optional.empty();
    }
    CertPolicy policy = new CertPolicy(renewBefore.get().value(), maxAge.get().value(), escalateBefore.get().value(),
        issuer.get(), concurrency, calendar.get());
    return Optional.of(new Certificates(policy, acme));
  }

  private static void retriesBeforeEscalating(YamlMapping m, Setting renewBefore, Setting escalateBefore) {
    if (renewBefore.value().minus(escalateBefore.value()).compareTo(RUN_INTERVAL) >= 0) {
      return;
    }
    problem(m, escalateBefore + " is not at least a day shorter than " + renewBefore + ", so a certificate can be"
            + " escalated before a daily run has tried to renew it",
        "write escalateBefore at most " + format(renewBefore.value().minus(RUN_INTERVAL)) + " or renewBefore at least "
            + format(escalateBefore.value().plus(RUN_INTERVAL)) + ": the days between them are the daily retries of a"
            + " failing renewal before anyone is asked (30d and 21d: nine)",
        escalateBefore, renewBefore);
  }

  private Optional<AcmeDefinition> readAcme(YamlMapping m) {
    int before = document.problemCount();
    Optional<URI> directory = m.required("directory", "write the CA's ACME directory URL, e.g. directory: " + LETS_ENCRYPT)
        .flatMap(n -> n.asHttpsUrl("ACME is served over TLS only (RFC 8555); ", "write the CA's directory URL, e.g. " + LETS_ENCRYPT));
    Optional<String> contact = m.required("contact",
            "write where the CA writes about the account, e.g. contact: mailto:ops@example.com")
        .flatMap(n -> n.asMatching(MAILTO, "a mailto: contact", "write mailto: and an e-mail address, e.g. mailto:ops@example.com"));
    Optional<String> challenge = m.required("challenge", "say how a node proves its name to the CA: challenge: dns-01"
            + " (a TXT record in its zone) or challenge: http-01 (the CA reaches the node's port 80)")
        .flatMap(n -> n.asOneOf(CHALLENGES));
    if (document.problemCount() != before) {
      return Optional.empty();
    }
    return Optional.of(new AcmeDefinition(directory.get(), contact.get(), challenge.get()));
  }

  // ---- tokens

  private Optional<TokenPolicy> readTokens(YamlMapping m) {
    int before = document.problemCount();
    Optional<Setting> lifetime = duration(m, "lifetime", DEFAULT_LIFETIME);
    Optional<Setting> renewBefore = duration(m, "renewBefore", DEFAULT_TOKEN_RENEW_BEFORE).filter(s -> atLeast(s,
        RUN_INTERVAL, false, "rotation runs daily, so a token could expire between two runs before either found it due",
        "write more than a day, e.g. renewBefore: 30d, so a failing rotation is retried for days before the token expires"));
    Optional<Setting> grace = duration(m, "grace", DEFAULT_GRACE).filter(s -> atLeast(s, MIN_GRACE, true,
        "the old token would be deleted before every worker has read the new one from Vault", "write grace: 1m or more, e.g. 10m"));
    int concurrency = m.optional("concurrency").flatMap(n -> n.asInt(1, MAX_CONCURRENCY)).orElse(DEFAULT_CONCURRENCY);
    if (document.problemCount() != before) {
      return Optional.empty();
    }
    if (notAlwaysDue(m, lifetime.get(), renewBefore.get())) {
      graceFits(m, lifetime.get(), renewBefore.get(), grace.get());
    }
    if (document.problemCount() != before) {
      return Optional.empty();
    }
    return Optional.of(new TokenPolicy(lifetime.get().value(), renewBefore.get().value(), grace.get().value(), concurrency));
  }

  // A new token is due again lifetime - renewBefore after it is made; a day or less is every run.
  private static boolean notAlwaysDue(YamlMapping m, Setting lifetime, Setting renewBefore) {
    Duration dueAfter = lifetime.value().minus(renewBefore.value());
    if (dueAfter.compareTo(RUN_INTERVAL) > 0) {
      return true;
    }
    String why = dueAfter.isNegative() || dueAfter.isZero()
        ? renewBefore + " is not shorter than " + lifetime + ", so every token is always due: each run would rotate"
            + " every token, the new ones included"
        : renewBefore + " leaves " + format(dueAfter) + " of " + lifetime + " before a new token is due again, so each"
            + " daily run would rotate every token";
    problem(m, why, "write a renewBefore shorter than lifetime by more than a day, e.g. lifetime 90d with renewBefore"
        + " 30d: a token is rotated every 60 days", renewBefore, lifetime);
    return false;
  }

  private static void graceFits(YamlMapping m, Setting lifetime, Setting renewBefore, Setting grace) {
    Duration dueAfter = lifetime.value().minus(renewBefore.value());
    String fix = "write a shorter grace, e.g. 10m: long enough for every worker to read the new token from Vault";
    if (grace.value().compareTo(renewBefore.value()) >= 0) {
      problem(m, grace + " is not shorter than " + renewBefore + ": a token is rotated with at most "
          + format(renewBefore.value()) + " left, so the old one would expire before its grace ends", fix, grace, renewBefore);
    } else if (grace.value().compareTo(dueAfter) >= 0) {
      problem(m, grace + " is not shorter than the " + format(dueAfter) + " a new token lasts before it is due again ("
              + lifetime + " less " + renewBefore + "), so the next rotation could start before this one deleted the old"
              + " token",
          fix, grace, renewBefore, lifetime);
    }
  }

  // ---- settings with defaults

  /** A duration as the file writes it at {@code at}, or its default when {@code at} is empty. */
  private record Setting(String key, Duration value, Optional<YamlNodeReader> at) {
    /** {@code renewBefore 30d}, or {@code renewBefore 30d (the default)}. */
    @Override
    public String toString() {
      return key + " " + format(value) + (at.isEmpty() ? " (the default)" : "");
    }
  }

  private static Optional<Setting> duration(YamlMapping m, String key, Duration fallback) {
    Optional<YamlNodeReader> node = m.optional(key);
    if (node.isEmpty()) {
      return Optional.of(new Setting(key, fallback, Optional.empty()));
    }
    return node.get().asDuration().map(d -> new Setting(key, d, node));
  }

  /**
   * Whether {@code setting} is at least {@code min} (more than it unless {@code orEqual}); when not, records
   * {@code <setting> is less than <min>: <why>} (or {@code is not more than}) where the file writes it: no
   * default is below its own floor.
   */
  private static boolean atLeast(Setting setting, Duration min, boolean orEqual, String why, String fix) {
    int c = setting.value().compareTo(min);
    if (orEqual ? c >= 0 : c > 0) {
      return true;
    }
    String bound = orEqual
        ? " is less than " + format(min)
        : " is not more than " + (min.equals(RUN_INTERVAL) ? "a day" : format(min));
    setting.at().orElseThrow(() -> new IllegalStateException(setting + " is below its own floor"))
        .problem(setting + bound + ": " + why, fix);
    return false;
  }

  /** Records the problem at the first of {@code settings} the file writes (the defaults agree with each other). */
  private static void problem(YamlMapping m, String message, String fix, Setting... settings) {
    Arrays.stream(settings).flatMap(s -> s.at().stream()).findFirst().orElse(m.self()).problem(message, fix);
  }

  // Days as days (21d, 89d12h; not Durations' 3w or 2148h), as operators write these settings.
  static String format(Duration duration) {
    long days = duration.toDays();
    if (days <= 0 || duration.getNano() != 0) {
      return Durations.format(duration);
    }
    Duration rest = duration.minusDays(days);
    return days + "d" + (rest.isZero() ? "" : Durations.format(rest));
  }

  private static Map<String, CertIssuer> issuers() {
    Map<String, CertIssuer> issuers = new LinkedHashMap<>();
    for (CertIssuer issuer : CertIssuer.values()) {
      issuers.put(issuer.name().toLowerCase(Locale.ROOT).replace('_', '-'), issuer);
    }
    return Collections.unmodifiableMap(issuers);
  }

  private static Map<String, String> challenges() {
    Map<String, String> challenges = new LinkedHashMap<>();
    AcmeDefinition.CHALLENGES.forEach(c -> challenges.put(c, c));
    return Collections.unmodifiableMap(challenges);
  }
}
