package dev.edgerunbooks.runbooks.yaml;

import java.util.HashMap;
import java.util.Map;

/** Values that must be unique in a file (ids, names, list items): the second one is a problem naming the first's line. */
public final class UniqueValues {
  private final String what;
  private final String fix;
  private final Map<String, YamlNodeReader> seen = new HashMap<>();

  /** @param what how the message names a value, e.g. {@code store id} */
  public UniqueValues(String what, String fix) {
    this.what = what;
    this.fix = fix;
  }

  /** Records {@code duplicate <what> "value" (first at line n)} at {@code at} when the value was seen before. */
  public boolean add(String value, YamlNodeReader at) {
    YamlNodeReader first = seen.putIfAbsent(value, at);
    if (first != null) {
      at.problem("duplicate " + what + " \"" + value + "\" (first at line " + first.line() + ")", fix);
      return false;
    }
    return true;
  }
}
