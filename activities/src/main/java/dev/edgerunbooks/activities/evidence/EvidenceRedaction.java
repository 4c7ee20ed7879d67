package dev.edgerunbooks.activities.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strips secrets and personal data from what a store's worker collects, before it is canonicalized,
 * hashed or sent anywhere:
 *
 * <ul>
 *   <li>the value of a key that holds a secret ({@code password}, {@code cipassword}, {@code token},
 *       {@code secret}, key material such as {@code sshkeys} or {@code encryption-key}, …) becomes
 *       {@value #REDACTED}, whatever it was;
 *   <li>every other text value loses what looks like a credential: {@code password=…}, {@code
 *       token: …}, {@code secret=…} pairs, PVE/PBS API tokens ({@code user@realm!id=<secret>}, {@code
 *       PVEAPIToken=…}), bearer and basic credentials, private key blocks;
 *   <li>free text ({@code description}, {@code comment}, {@code notes}, {@code tags}, …) also loses
 *       bare UUIDs, e-mail addresses and phone numbers.
 * </ul>
 *
 * What is removed becomes {@value #REDACTED}, so a reader sees that something was there.
 */
public final class EvidenceRedaction {
  public static final String REDACTED = "[redacted]";

  /** Keys whose value is a secret, matched on the lower-cased key. */
  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "(?:.*(?:password|passwd|passphrase|secret|token|credential|private|apikey|api[-_]key|psk|keyring|sshkeys).*)"
              + "|(?:(?:.*[-_.])?(?:pass|pwd|key|keys|auth|authkey))");
  /** Keys holding free text that a person typed. */
  private static final List<String> FREE_TEXT = List.of("description", "comment", "comments", "notes", "tags");

  private static final String VALUE = "(\"[^\"]*\"|'[^']*'|[^\\s,;&]+)";
  private static final List<Rule> CREDENTIALS =
      List.of(
          // private key blocks, also one cut off
          new Rule(
              Pattern.compile(
                  "-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----.*?(?:-----END \\1-----|$)", Pattern.DOTALL),
              REDACTED),
          // PVEAPIToken=user@realm!id=secret, PBSAPIToken=user@realm!id:secret
          new Rule(Pattern.compile("(?i)\\b(PVEAPIToken|PBSAPIToken)\\s*[=:]\\s*\\S+"), "$1=" + REDACTED),
          // user@realm!tokenid=secret, user@realm!tokenid:secret
          new Rule(
              Pattern.compile("[\\w.+-]+@[\\w.-]+![\\w.-]+\\s*[=:]\\s*[0-9A-Za-z][0-9A-Za-z-]{7,}"), REDACTED),
          new Rule(Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}"), "$1 " + REDACTED),
          // password=…, token: …, secret=…, api_key=…
          new Rule(
              Pattern.compile(
                  "(?i)\\b((?:[\\w-]*[-_])?(?:password|passwd|pwd|pass|passphrase|secret|token|api[-_]?key|access[-_]?key"
                      + "|auth))(\\s*[=:]\\s*)" + VALUE),
              "$1$2" + REDACTED));
  private static final List<Rule> PERSONAL =
      List.of(
          new Rule(
              Pattern.compile("\\b[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\\b"),
              REDACTED),
          new Rule(Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}"), REDACTED));
  /** A phone number candidate; {@link #phone} decides. */
  private static final Pattern PHONE = Pattern.compile("(?<![\\w.:/+-])\\+?\\(?\\d[\\d ()/-]{6,20}\\d(?![\\w.:/-])");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*");

  private record Rule(Pattern pattern, String replacement) {}

  private EvidenceRedaction() {}

  /** A copy of {@code tree} with secrets and personal data replaced; {@code tree} is not changed. */
  public static JsonNode redact(JsonNode tree) {
    return redact(null, tree);
  }

  private static JsonNode redact(String key, JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return node;
    }
    if (key != null && isSecretKey(key)) {
      return TextNode.valueOf(REDACTED);
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        out.set(field.getKey(), redact(field.getKey(), field.getValue()));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> out.add(redact(key, element)));
      return out;
    }
    if (node.isTextual()) {
      String text = node.textValue();
      String scrubbed = key != null && isFreeText(key) ? scrubFreeText(text) : scrubCredentials(text);
      return scrubbed.equals(text) ? node : TextNode.valueOf(scrubbed);
    }
    return node;
  }

  /** Whether the value of {@code key} is a secret as a whole. */
  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return SECRET_KEY.matcher(k).matches();
  }

  static boolean isFreeText(String key) {
    return FREE_TEXT.contains(key.toLowerCase(Locale.ROOT));
  }

  /** {@code text} without credentials. */
  public static String scrubCredentials(String text) {
    return apply(CREDENTIALS, text);
  }

  /** {@code text} without credentials, UUIDs, e-mail addresses or phone numbers. */
  public static String scrubFreeText(String text) {
    String out = apply(PERSONAL, scrubCredentials(text));
    Matcher m = PHONE.matcher(out);
    StringBuilder result = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(result, Matcher.quoteReplacement(phone(m.group()) ? REDACTED : m.group()));
    }
    m.appendTail(result);
    return result.toString();
  }

  /** A phone number has 8 to 15 digits and is not a date. */
  private static boolean phone(String candidate) {
    long digits = candidate.chars().filter(Character::isDigit).count();
    return digits >= 8 && digits <= 15 && !DATE.matcher(candidate).matches();
  }

  private static String apply(List<Rule> rules, String text) {
    String out = text;
    for (Rule rule : rules) {
      out = rule.pattern().matcher(out).replaceAll(rule.replacement());
    }
    return out;
  }
}
