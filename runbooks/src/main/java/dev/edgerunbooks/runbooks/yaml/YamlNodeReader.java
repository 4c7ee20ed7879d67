package dev.edgerunbooks.runbooks.yaml;

import dev.edgerunbooks.runbooks.Durations;
import dev.edgerunbooks.runbooks.SourceLocation;
import dev.edgerunbooks.runbooks.Suggestions;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.DumperOptions;

/**
 * A node of a {@link YamlDocument} and its field path. The typed getters return the value, or record a
 * problem at this node (exact line and column) and return empty, so callers read on and collect every
 * problem of the file in one pass.
 */
public final class YamlNodeReader {
  private static final Set<String> IANA_ZONES = ZoneId.getAvailableZoneIds();
  private static final Pattern PLAIN_FLOW_ITEM = Pattern.compile("[A-Za-z0-9_./=+-]+");

  private final YamlDocument document;
  private final Node node;
  private final String path;

  YamlNodeReader(YamlDocument document, Node node, String path) {
    this.document = document;
    this.node = node;
    this.path = path;
  }

  public YamlDocument document() {
    return document;
  }

  public Node node() {
    return node;
  }

  /** Field path such as {@code stores[3].pbs.fingerprint}. */
  public String path() {
    return path;
  }

  public int line() {
    return node.getStartMark().getLine() + 1;
  }

  public int column() {
    return node.getStartMark().getColumn() + 1;
  }

  /** Where this node is, for a definition to keep for checks made after loading. */
  public SourceLocation location() {
    return new SourceLocation(document.sourceName(), line(), column(), path);
  }

  /** Records a problem at this node. */
  public void problem(String message, String fix) {
    document.problem(node, path, message, fix);
  }

  /** {@code key:} with nothing after it, {@code ~} or {@code null}. */
  public boolean isNull() {
    return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
  }

  // ---- structure ----

  /** This node as a mapping whose keys must be among {@code allowedKeys} (unknown keys are problems). */
  public Optional<YamlMapping> asMapping(String... allowedKeys) {
    return asMapping(Arrays.asList(allowedKeys));
  }

  public Optional<YamlMapping> asMapping(Collection<String> allowedKeys) {
    if (!(node instanceof MappingNode mapping)) {
      problem("expected a mapping of " + Suggestions.list(allowedKeys, 8) + " but found " + describe(),
          "write the fields as \"key: value\" lines indented under this one");
      return Optional.empty();
    }
    return Optional.of(YamlMapping.of(this, mapping, List.copyOf(allowedKeys)));
  }

  /**
   * This node as a mapping whose keys are data (role names, region ids), so any key is allowed; read
   * each key with {@link YamlMapping#key(String)}. {@code example} shows one entry, e.g. {@code eu-central: 2}.
   */
  public Optional<YamlMapping> asMappingOfAnyKeys(String example) {
    if (!(node instanceof MappingNode mapping)) {
      problem("expected a mapping but found " + describe(),
          "write one \"" + example + "\" line per entry, indented under this key");
      return Optional.empty();
    }
    return Optional.of(YamlMapping.of(this, mapping, null));
  }

  /** This node as a list; a null value is an empty list. */
  public Optional<List<YamlNodeReader>> asList() {
    if (isNull()) {
      return Optional.of(List.of());
    }
    if (!(node instanceof SequenceNode sequence)) {
      problem("expected a list but found " + describe(), "write one \"- \" item per line, indented under this key");
      return Optional.empty();
    }
    List<Node> items = sequence.getValue();
    List<YamlNodeReader> readers = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      readers.add(new YamlNodeReader(document, items.get(i), path + "[" + i + "]"));
    }
    return Optional.of(readers);
  }

  /** This node as a list of at least one item; an empty list is the problem {@code whenEmpty — fix} here. */
  public Optional<List<YamlNodeReader>> asNonEmptyList(String whenEmpty, String fix) {
    return asList().filter(items -> {
      if (items.isEmpty()) {
        problem(whenEmpty, fix);
        return false;
      }
      return true;
    });
  }

  /** This node as a list, each item read by {@code reader}; see {@link #each}. */
  public <T> Optional<List<T>> asListOf(Function<YamlNodeReader, Optional<T>> reader) {
    return asList().flatMap(items -> each(items, reader));
  }

  /**
   * Every item read by {@code reader}, in order; empty when reading any of them recorded a problem. Each
   * item is read even after a problem, so one load finds them all.
   */
  public static <T> Optional<List<T>> each(List<YamlNodeReader> items, Function<YamlNodeReader, Optional<T>> reader) {
    if (items.isEmpty()) {
      return Optional.of(List.of());
    }
    YamlDocument document = items.get(0).document;
    int before = document.problemCount();
    List<T> values = new ArrayList<>(items.size());
    for (YamlNodeReader item : items) {
      reader.apply(item).ifPresent(values::add);
    }
    return document.problemCount() == before ? Optional.of(List.copyOf(values)) : Optional.empty();
  }

  /**
   * A command as an argument vector: a list of non-blank texts, at least one. A single text is refused
   * with the list it probably meant, because nothing splits it on spaces or hands it to a shell; an
   * unquoted {@code {placeholder}} item, which YAML reads as a mapping, is refused with the quotes it needs.
   */
  public Optional<List<String>> asArgv() {
    if (node instanceof ScalarNode scalar && !isNull()) {
      problem("a command is a list of arguments, not the single text " + describe(),
          "write [" + String.join(", ", Arrays.stream(scalar.getValue().trim().split("\\s+")).map(YamlNodeReader::flowItem).toList())
              + "]; no shell splits it");
      return Optional.empty();
    }
    Optional<List<YamlNodeReader>> items = asList();
    if (items.isEmpty()) {
      return Optional.empty();
    }
    if (items.get().isEmpty()) {
      problem("the command is empty", "write the program and its arguments, e.g. [systemctl, is-active, nginx]");
      return Optional.empty();
    }
    int before = document.problemCount();
    List<String> argv = new ArrayList<>(items.get().size());
    for (YamlNodeReader item : items.get()) {
      Optional<String> placeholder = item.unquotedPlaceholder();
      if (placeholder.isPresent()) {
        item.problem("{" + placeholder.get() + "} without quotes is a YAML mapping, not text",
            "quote it: \"{" + placeholder.get() + "}\"");
      } else {
        item.asString().ifPresent(argv::add);
      }
    }
    return document.problemCount() == before ? Optional.of(List.copyOf(argv)) : Optional.empty();
  }

  // A word as an item of a [flow, list]: plain when YAML reads it back as the same text, quoted otherwise.
  private static String flowItem(String word) {
    return PLAIN_FLOW_ITEM.matcher(word).matches() ? word : "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  // {node} unquoted is the flow mapping {node: null}.
  private Optional<String> unquotedPlaceholder() {
    if (node instanceof MappingNode mapping && mapping.getValue().size() == 1
        && mapping.getValue().get(0).getKeyNode() instanceof ScalarNode key
        && new YamlNodeReader(document, mapping.getValue().get(0).getValueNode(), path).isNull()) {
      return Optional.of(key.getValue());
    }
    return Optional.empty();
  }

  // ---- scalars ----

  /** Non-blank text; YAML numbers and booleans are accepted as their text (a name may be {@code 100}). */
  public Optional<String> asString() {
    if (!(node instanceof ScalarNode scalar)) {
      problem("expected a text value but found " + describe(), "write a single value on the same line as the key");
      return Optional.empty();
    }
    if (isNull() || scalar.getValue().isBlank()) {
      problem("is empty", "write a value after the colon");
      return Optional.empty();
    }
    return Optional.of(scalar.getValue());
  }

  /** Text matching {@code pattern} entirely; otherwise {@code "<text>" is not <what> — <fix>}. */
  public Optional<String> asMatching(Pattern pattern, String what, String fix) {
    return asString().filter(text -> {
      if (pattern.matcher(text).matches()) {
        return true;
      }
      problem(quote(text) + " is not " + what, fix);
      return false;
    });
  }

  /** Text converted by {@code parser}; an {@link IllegalArgumentException} from it becomes the message. */
  public <T> Optional<T> as(Function<String, T> parser, String fix) {
    return asString().flatMap(text -> {
      try {
        return Optional.of(parser.apply(text));
      } catch (IllegalArgumentException e) {
        problem(e.getMessage(), fix);
        return Optional.empty();
      }
    });
  }

  /** A YAML integer (unquoted) within {@code [min, max]}. */
  public Optional<Long> asLong(long min, long max) {
    if (!(node instanceof ScalarNode scalar) || isNull()) {
      problem("expected a whole number but found " + describe(), "write a number from " + min + " to " + max);
      return Optional.empty();
    }
    if (!Tag.INT.equals(scalar.getTag())) {
      boolean quoted = scalar.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN;
      problem("expected a whole number but found " + describe(),
          quoted ? "remove the quotes" : "write a number from " + min + " to " + max);
      return Optional.empty();
    }
    long value;
    try {
      value = Long.parseLong(scalar.getValue().replace("_", ""));
    } catch (NumberFormatException e) {
      // YAML 1.1 also calls 0x1F, 0o17 and 1:30 integers; runbook files use plain decimal.
      problem(quote(scalar.getValue()) + " is not a decimal number", "write a number from " + min + " to " + max);
      return Optional.empty();
    }
    if (value < min || value > max) {
      problem(value + " is out of range", "write a number from " + min + " to " + max);
      return Optional.empty();
    }
    return Optional.of(value);
  }

  public Optional<Integer> asInt(int min, int max) {
    return asLong(min, max).map(Long::intValue);
  }

  /** A YAML number (unquoted, whole or decimal) within {@code [min, max]}. */
  public Optional<Double> asDouble(double min, double max) {
    String range = "write a number from " + plain(min) + " to " + plain(max);
    if (!(node instanceof ScalarNode scalar) || isNull()
        || !(Tag.INT.equals(scalar.getTag()) || Tag.FLOAT.equals(scalar.getTag()))) {
      boolean quoted = node instanceof ScalarNode s && s.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN;
      problem("expected a number but found " + describe(), quoted ? "remove the quotes" : range);
      return Optional.empty();
    }
    double value;
    try {
      value = Double.parseDouble(scalar.getValue().replace("_", ""));
    } catch (NumberFormatException e) {
      // YAML 1.1 also calls .inf, .nan, 0x1F and 1:30 numbers; runbook files use plain decimals.
      problem(quote(scalar.getValue()) + " is not a decimal number", range);
      return Optional.empty();
    }
    if (!(value >= min && value <= max)) {
      problem(scalar.getValue() + " is out of range", range);
      return Optional.empty();
    }
    return Optional.of(value);
  }

  // 1 rather than 1.0, 0.99 rather than 9.9E-1.
  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** Only {@code true} or {@code false}: YAML 1.1's yes/no/on/off are refused because they surprise. */
  public Optional<Boolean> asBoolean() {
    if (node instanceof ScalarNode scalar && Tag.BOOL.equals(scalar.getTag())) {
      String text = scalar.getValue().toLowerCase(Locale.ROOT);
      if (text.equals("true") || text.equals("false")) {
        return Optional.of(Boolean.parseBoolean(text));
      }
    }
    problem("expected true or false but found " + describe(), "write true or false, without quotes");
    return Optional.empty();
  }

  /** A positive duration in the forms {@link Durations#parse} accepts. */
  public Optional<Duration> asDuration() {
    return asString().flatMap(text -> {
      try {
        return Optional.of(Durations.parse(text));
      } catch (IllegalArgumentException e) {
        problem(quote(text) + " is not a positive duration", Durations.ACCEPTED_FORMS);
        return Optional.empty();
      }
    });
  }

  /** An IANA time zone such as {@code Europe/Berlin}; fixed offsets are refused because they ignore DST. */
  public Optional<ZoneId> asZoneId() {
    return asString().flatMap(text -> {
      if (IANA_ZONES.contains(text)) {
        return Optional.of(ZoneId.of(text));
      }
      problem(quote(text) + " is not an IANA time zone",
          Suggestions.didYouMean(text, IANA_ZONES) + "write a tz database name such as Europe/Berlin or America/New_York");
      return Optional.empty();
    });
  }

  /** An absolute {@code https://host:port} URL; the port is required because Proxmox never listens on 443. */
  public Optional<URI> asHttpsEndpoint(String example) {
    String fix = "write https://<host>:<port>, e.g. " + example;
    return asString().flatMap(text -> httpsUrl(text, "Proxmox APIs are served over TLS only; ", fix).filter(uri -> {
      if (uri.getPort() < 1) {
        problem(quote(text) + " has no port", fix);
        return false;
      }
      return true;
    }));
  }

  /**
   * An absolute {@code https://} URL with a host, the port optional.
   *
   * @param whyHttps said before {@code fix} when the URL is not https, e.g. {@code ACME is served over TLS only; }
   */
  public Optional<URI> asHttpsUrl(String whyHttps, String fix) {
    return asString().flatMap(text -> httpsUrl(text, whyHttps, fix));
  }

  private Optional<URI> httpsUrl(String text, String whyHttps, String fix) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      problem(quote(text) + " is not a URL: " + e.getReason(), fix);
      return Optional.empty();
    }
    if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase("https")) {
      problem(quote(text) + " is not an https URL", whyHttps + fix);
      return Optional.empty();
    }
    if (uri.getHost() == null) {
      problem(quote(text) + " has no host", fix);
      return Optional.empty();
    }
    return Optional.of(uri);
  }

  /** One of the enum's constants, written in lower case. */
  public <E extends Enum<E>> Optional<E> asEnum(Class<E> type) {
    Map<String, E> byName = new LinkedHashMap<>();
    for (E constant : type.getEnumConstants()) {
      byName.put(constant.name().toLowerCase(Locale.ROOT), constant);
    }
    return asOneOf(byName);
  }

  /**
   * The value of the name written, one of {@code choices}' keys (in the order the message lists them),
   * for names that are not an enum's in lower case, such as {@code vault-pki} or {@code dns-01}.
   */
  public <T> Optional<T> asOneOf(Map<String, T> choices) {
    List<String> names = List.copyOf(choices.keySet());
    return asString().flatMap(text -> {
      T value = choices.get(text);
      if (value != null) {
        return Optional.of(value);
      }
      problem(quote(text) + " is not one of " + String.join(", ", names),
          Suggestions.didYouMean(text, names) + "write one of " + String.join(", ", names));
      return Optional.empty();
    });
  }

  /** How the node reads in a message: {@code a mapping}, {@code a list}, {@code "abc"}, {@code nothing}. */
  public String describe() {
    if (node instanceof MappingNode) return "a mapping";
    if (node instanceof SequenceNode) return "a list";
    if (isNull()) return "nothing";
    return quote(((ScalarNode) node).getValue());
  }

  static String quote(String text) {
    String shown = text.length() > 80 ? text.substring(0, 77) + "…" : text;
    return "\"" + shown + "\"";
  }

  YamlNodeReader child(Node child, String key) {
    return new YamlNodeReader(document, child, path.isEmpty() ? key : path + "." + key);
  }
}
