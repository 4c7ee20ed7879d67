package dev.edgerunbooks.activities.report;

import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gauges in Prometheus' text format for node_exporter's textfile collector, one file per runbook:
 * what a run found stays exported until the next run, and the workers need no HTTP server of their
 * own. A run covers some stores: their samples are replaced, those of the stores it did not cover
 * are kept from the file, so a run over a few stores does not blank the rest of the fleet. Written
 * to a temporary file in the same folder and moved over the old one, as the collector asks.
 */
public final class MetricsTextFile {
  /** Stable failure type: the file cannot be written (retried: a full disk, a folder being mounted). */
  public static final String UNWRITABLE = "MetricsFileUnwritable";

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)}\\s+(\\S+)\\s*$");
  private static final Pattern STORE = Pattern.compile("(?:^|,)store=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One gauge: its name, its help text, its samples. */
  public record Family(String name, String help, List<Sample> samples) {
    public Family {
      samples = List.copyOf(samples);
    }
  }

  /** One sample; the labels in the order written, {@code store} among them. */
  public record Sample(Map<String, String> labels, double value) {
    public Sample {
      labels = new LinkedHashMap<>(labels);
    }

    String store() {
      return labels.get("store");
    }
  }

  private final Path file;

  public MetricsTextFile(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /**
   * Writes the families: their samples for the {@code covered} stores are exactly those given,
   * their samples for other stores stay as the file had them.
   */
  public void replace(Set<String> covered, List<Family> families) {
    replace(covered, Set.of(), null, families);
  }

  /**
   * As {@link #replace(Set, List)}, and for the {@code unchecked} stores (a run that could not look
   * at them): their samples stay as the file had them, but those of {@code failureFamily} say 1.
   */
  public void replace(Set<String> covered, Set<String> unchecked, String failureFamily, List<Family> families) {
    Map<String, List<Sample>> previous = read(unchecked);
    List<Family> merged = new ArrayList<>();
    for (Family f : families) {
      List<Sample> samples = new ArrayList<>(f.samples());
      for (Sample old : previous.getOrDefault(f.name(), List.of())) {
        samples.add(f.name().equals(failureFamily) ? new Sample(old.labels(), 1) : old);
      }
      merged.add(new Family(f.name(), f.help(), samples));
    }
    Set<String> replaced = new java.util.HashSet<>(covered);
    replaced.addAll(unchecked);
    write(replaced, merged);
  }

  private void write(Set<String> covered, List<Family> families) {
    Map<String, List<String>> kept = keptLines(covered);
    StringBuilder text = new StringBuilder();
    for (Family f : families) {
      text.append("# HELP ").append(f.name()).append(' ').append(f.help()).append('\n');
      text.append("# TYPE ").append(f.name()).append(" gauge\n");
      TreeMap<String, String> lines = new TreeMap<>();
      for (String line : kept.getOrDefault(f.name(), List.of())) {
        lines.put(line.substring(0, line.lastIndexOf('}') + 1), line);
      }
      for (Sample s : f.samples()) {
        String series = f.name() + render(s.labels());
        lines.put(series, series + " " + value(s.value()));
      }
      lines.values().forEach(l -> text.append(l).append('\n'));
    }
    write(text.toString());
  }

  /** The samples the file has now, by family, for the stores given ({@code store} label). */
  public Map<String, List<Sample>> read(Set<String> stores) {
    Map<String, List<Sample>> out = new LinkedHashMap<>();
    for (String line : lines()) {
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      Map<String, String> labels = parseLabels(m.group(2));
      if (stores.contains(labels.get("store"))) {
        out.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(new Sample(labels, parseValue(m.group(3))));
      }
    }
    return out;
  }

  private Map<String, List<String>> keptLines(Set<String> covered) {
    Map<String, List<String>> kept = new LinkedHashMap<>();
    for (String line : lines()) {
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      Matcher store = STORE.matcher(m.group(2));
      if (store.find() && !covered.contains(unescape(store.group(1)))) {
        kept.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(line.strip());
      }
    }
    return kept;
  }

  private List<String> lines() {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw ApplicationFailure.newFailure("cannot read the metrics file " + file.toAbsolutePath() + ": " + e, UNWRITABLE);
    }
  }

  private void write(String text) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "cannot write the metrics file " + file.toAbsolutePath() + ": " + e + "; retried (the report is written)", UNWRITABLE);
    }
  }

  /** Labels in the order given: {@code labels("store", "s1", "node", "pve1")}. */
  public static Map<String, String> labels(String... keyValues) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      labels.put(keyValues[i], keyValues[i + 1]);
    }
    return labels;
  }

  static String render(Map<String, String> labels) {
    StringBuilder out = new StringBuilder("{");
    labels.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(k).append("=\"").append(escape(v)).append('"'));
    return out.append('}').toString();
  }

  /** Prometheus' number: an integer as one, infinities as {@code +Inf}/{@code -Inf}. */
  static String value(double v) {
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%s", v);
  }

  private static double parseValue(String v) {
    return switch (v) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(v);
    };
  }

  private static Map<String, String> parseLabels(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(text);
    while (m.find()) {
      out.put(m.group(1), unescape(m.group(2)));
    }
    return out;
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String unescape(String v) {
    return v.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
  }

  @Override
  public String toString() {
    return "MetricsTextFile[" + file + "]";
  }
}
