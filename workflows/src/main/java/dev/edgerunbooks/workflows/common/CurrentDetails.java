package dev.edgerunbooks.workflows.common;

import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The text the Temporal UI shows as a run's current details (markdown): its phase in bold, how far it
 * is, what is in flight and what it waits for. A workflow builds it from its progress in one place and
 * {@link #show()}s it whenever that progress changes. {@code Workflow.setCurrentDetails} is local
 * state read through the metadata query: it writes no history event, so it never affects replay.
 */
public final class CurrentDetails {
  /** In-flight names listed before "+N more". */
  static final int SHOWN = 5;

  private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final String phase;
  private String count = "";
  private final List<String> lines = new ArrayList<>();

  private CurrentDetails(String phase) {
    this.phase = phase;
  }

  public static CurrentDetails phase(String phase) {
    return new CurrentDetails(phase);
  }

  /** "3/10 stores done". */
  public CurrentDetails done(int done, int total, String unit) {
    count = " · " + done + "/" + total + " " + unit + " done";
    return this;
  }

  /** "in flight: a, b, c (+2 more)"; nothing when none is. */
  public CurrentDetails inFlight(List<String> names) {
    if (names.isEmpty()) return this;
    String shown = String.join(", ", names.subList(0, Math.min(SHOWN, names.size())));
    return line("in flight: " + shown + (names.size() > SHOWN ? " (+" + (names.size() - SHOWN) + " more)" : ""));
  }

  /** A line of its own; null or blank adds nothing. */
  public CurrentDetails line(String text) {
    if (text != null && !text.isBlank()) lines.add(text);
    return this;
  }

  /** "nodes: 4 renewed, 1 failed" from outcome counts; nothing when there are none. */
  public <K extends Comparable<K>> CurrentDetails counts(String unit, Map<K, Integer> counts) {
    if (counts.isEmpty()) return this;
    List<String> parts = new ArrayList<>();
    new TreeMap<>(counts).forEach((k, n) -> parts.add(n + " " + String.valueOf(k).toLowerCase().replace('_', ' ')));
    return line(unit + ": " + String.join(", ", parts));
  }

  /** "stores: 2 passed, 1 failed": {@link #counts} of {@code items} by {@code key}. */
  public <T, K extends Comparable<K>> CurrentDetails countsOf(String unit, Collection<T> items, Function<T, K> key) {
    Map<K, Integer> counts = new HashMap<>();
    items.forEach(item -> counts.merge(key.apply(item), 1, Integer::sum));
    return counts(unit, counts);
  }

  public String text() {
    StringBuilder out = new StringBuilder("**").append(phase).append("**").append(count);
    for (String l : lines) out.append("\n\n").append(l);
    return out.toString();
  }

  /** Sets the run's current details to this text and returns it. */
  public String show() {
    String text = text();
    Workflow.setCurrentDetails(text);
    return text;
  }

  /** "2026-11-25 01:00 Europe/Berlin": a time as the store's people read it. */
  public static String at(Instant instant, ZoneId zone) {
    return AT.format(instant.atZone(zone)) + " " + zone.getId();
  }
}
