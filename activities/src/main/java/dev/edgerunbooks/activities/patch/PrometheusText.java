package dev.edgerunbooks.activities.patch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small parser of the Prometheus text exposition format (0.0.4): sample lines {@code
 * name{label="value",…} value [timestamp]}; comments, blank lines and lines it cannot read are
 * skipped. Label values may hold escaped {@code \\}, {@code \"} and {@code \n}.
 */
public final class PrometheusText {
  /** One sample. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private PrometheusText() {}

  public static List<Sample> parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      Sample s = parseLine(l);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  static Sample parseLine(String l) {
    int i = 0;
    while (i < l.length() && l.charAt(i) != '{' && !Character.isWhitespace(l.charAt(i))) {
      i++;
    }
    String name = l.substring(0, i);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < l.length() && l.charAt(i) == '{') {
      i++;
      while (true) {
        while (i < l.length() && (l.charAt(i) == ',' || l.charAt(i) == ' ')) {
          i++;
        }
        if (i >= l.length()) {
          return null;
        }
        if (l.charAt(i) == '}') {
          i++;
          break;
        }
        int eq = l.indexOf('=', i);
        if (eq < 0 || eq + 1 >= l.length() || l.charAt(eq + 1) != '"') {
          return null;
        }
        String label = l.substring(i, eq).strip();
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; j < l.length() && l.charAt(j) != '"'; j++) {
          char c = l.charAt(j);
          if (c == '\\' && j + 1 < l.length()) {
            char n = l.charAt(++j);
            value.append(n == 'n' ? '\n' : n);
          } else {
            value.append(c);
          }
        }
        if (j >= l.length()) {
          return null;
        }
        labels.put(label, value.toString());
        i = j + 1;
      }
    }
    String[] rest = l.substring(i).strip().split("\\s+");
    if (name.isEmpty() || rest.length == 0 || rest[0].isEmpty()) {
      return null;
    }
    try {
      return new Sample(name, labels, value(rest[0]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static double value(String s) {
    return switch (s) {
      case "NaN" -> Double.NaN;
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }
}
