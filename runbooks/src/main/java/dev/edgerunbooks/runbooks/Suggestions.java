package dev.edgerunbooks.runbooks;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for misspelt keys, ids and names. */
public final class Suggestions {
  private Suggestions() {}

  /** The candidate closest to {@code input} by edit distance, if close enough to be a likely typo. */
  public static Optional<String> closest(String input, Collection<String> candidates) {
    if (input == null || input.isEmpty()) {
      return Optional.empty();
    }
    String needle = input.toLowerCase(Locale.ROOT);
    // Roughly one typo per three characters, at least two: "stroe-0001" → "store-0001", not "pbs" → "rpo".
    int allowed = Math.max(2, needle.length() / 3);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      if (Math.abs(candidate.length() - needle.length()) > allowed) {
        continue;
      }
      int d = distance(needle, candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  /** {@code did you mean "x"? } or empty text when nothing is close. */
  public static String didYouMean(String input, Collection<String> candidates) {
    return closest(input, candidates).map(c -> "did you mean \"" + c + "\"? ").orElse("");
  }

  /** The first {@code max} items comma separated, with a count of the rest. */
  public static String list(Collection<String> items, int max) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    for (String item : items) {
      if (i == max) {
        out.append(", … (").append(items.size() - max).append(" more)");
        break;
      }
      if (i++ > 0) out.append(", ");
      out.append(item);
    }
    return out.toString();
  }

  // Optimal string alignment distance: Levenshtein plus adjacent transpositions ("stroe" → "store" is 1).
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
