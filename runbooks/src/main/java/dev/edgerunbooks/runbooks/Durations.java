package dev.edgerunbooks.runbooks;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them in runbook files: {@code 90s}, {@code 45m}, {@code 26h}, {@code 7d},
 * {@code 1w}, combinations such as {@code 1h30m} (largest unit first), or ISO-8601 such as {@code PT26H}.
 */
public final class Durations {
  public static final String ACCEPTED_FORMS =
      "write a positive duration such as 90s, 45m, 26h, 7d, 1w, 1h30m or ISO-8601 PT26H";

  // Each unit at most once and in descending order, so "30m1h" (probably a typo) is refused.
  private static final Pattern COMPACT =
      Pattern.compile("(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
  private static final long[] UNIT_SECONDS = {7 * 86_400L, 86_400L, 3_600L, 60L, 1L};

  private Durations() {}

  /** @throws IllegalArgumentException naming the text and the accepted forms */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a duration is required; " + ACCEPTED_FORMS);
    }
    String t = text.trim();
    Duration parsed = t.regionMatches(true, 0, "P", 0, 1) || t.startsWith("-P") || t.startsWith("+P")
        ? parseIso(text, t)
        : parseCompact(text, t);
    if (parsed.isZero() || parsed.isNegative()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a positive duration; " + ACCEPTED_FORMS);
    }
    return parsed;
  }

  private static Duration parseIso(String original, String t) {
    try {
      return Duration.parse(t);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("\"" + original + "\" is not a duration; " + ACCEPTED_FORMS);
    }
  }

  private static Duration parseCompact(String original, String t) {
    Matcher m = COMPACT.matcher(t);
    if (t.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException("\"" + original + "\" is not a duration; " + ACCEPTED_FORMS);
    }
    Duration total = Duration.ZERO;
    try {
      for (int i = 0; i < UNIT_SECONDS.length; i++) {
        String amount = m.group(i + 1);
        if (amount != null) {
          total = total.plus(Duration.ofSeconds(Math.multiplyExact(Long.parseLong(amount), UNIT_SECONDS[i])));
        }
      }
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("\"" + original + "\" is too long a duration; " + ACCEPTED_FORMS);
    }
    return total;
  }

  /**
   * The compact form {@link #parse} reads back: whole weeks as {@code 1w}, whole days as {@code 7d},
   * otherwise hours, minutes, seconds ({@code 26h}, {@code 1h30m}); sub-second values fall back to ISO-8601.
   */
  public static String format(Duration duration) {
    if (duration.isNegative()) {
      return duration.toString();
    }
    if (duration.getNano() != 0) {
      return duration.toString();
    }
    long s = duration.getSeconds();
    if (s == 0) {
      return "0s";
    }
    if (s % UNIT_SECONDS[0] == 0) {
      return s / UNIT_SECONDS[0] + "w";
    }
    if (s % UNIT_SECONDS[1] == 0) {
      return s / UNIT_SECONDS[1] + "d";
    }
    StringBuilder out = new StringBuilder();
    long hours = s / 3600;
    long minutes = (s % 3600) / 60;
    long seconds = s % 60;
    if (hours > 0) out.append(hours).append('h');
    if (minutes > 0) out.append(minutes).append('m');
    if (seconds > 0) out.append(seconds).append('s');
    return out.toString();
  }
}
