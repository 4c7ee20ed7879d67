package dev.edgerunbooks.runbooks.yaml;

import dev.edgerunbooks.runbooks.Suggestions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping whose keys were checked against the allowed ones: unknown keys (with the closest
 * allowed key suggested), duplicate keys and non-text keys are problems. A mapping whose keys are data
 * (role names, region ids) allows any key; {@link #key(String)} then gives each key's position. Merge
 * keys ({@code <<: *anchor}) are honoured, explicit keys winning, so operators can share blocks between
 * stores.
 */
public final class YamlMapping {
  private record Entry(Node key, Node value) {}

  private final YamlNodeReader self;
  private final Map<String, Entry> entries;

  private YamlMapping(YamlNodeReader self, Map<String, Entry> entries) {
    this.self = self;
    this.entries = entries;
  }

  /** @param allowedKeys null when any key is allowed */
  static YamlMapping of(YamlNodeReader self, MappingNode mapping, List<String> allowedKeys) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    Map<String, Entry> merged = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (Tag.MERGE.equals(keyNode.getTag())) {
        collectMerged(self, tuple.getValueNode(), merged);
        continue;
      }
      if (!(keyNode instanceof ScalarNode scalarKey)) {
        self.document().problem(keyNode, self.path(), "a key must be plain text", "write the key as a single word");
        continue;
      }
      String key = scalarKey.getValue();
      Entry first = entries.get(key);
      if (first != null) {
        self.document().problem(keyNode, childPath(self, key),
            "duplicate key \"" + key + "\" (first at line " + YamlDocument.lineOf(first.key()) + ")",
            "keep one of them; YAML would silently use the last");
        continue;
      }
      entries.put(key, new Entry(keyNode, tuple.getValueNode()));
    }
    merged.forEach(entries::putIfAbsent);
    if (allowedKeys == null) {
      return new YamlMapping(self, entries);
    }
    Set<String> allowed = Set.copyOf(allowedKeys);
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        self.document().problem(e.getValue().key(), childPath(self, e.getKey()),
            "unknown key \"" + e.getKey() + "\"",
            Suggestions.didYouMean(e.getKey(), allowedKeys) + "allowed keys here: " + String.join(", ", allowedKeys));
      }
    }
    return new YamlMapping(self, entries);
  }

  private static void collectMerged(YamlNodeReader self, Node value, Map<String, Entry> into) {
    if (value instanceof MappingNode source) {
      for (NodeTuple tuple : source.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key) {
          // Earlier merge sources win, as in YAML's merge-key spec.
          into.putIfAbsent(key.getValue(), new Entry(key, tuple.getValueNode()));
        }
      }
    } else if (value instanceof SequenceNode list) {
      list.getValue().forEach(item -> collectMerged(self, item, into));
    } else {
      self.document().problem(value, self.path(), "\"<<\" must merge a mapping or a list of mappings",
          "write <<: *anchor, where the anchor names a mapping");
    }
  }

  private static String childPath(YamlNodeReader self, String key) {
    return self.path().isEmpty() ? key : self.path() + "." + key;
  }

  /** The mapping itself, to record problems about it as a whole. */
  public YamlNodeReader self() {
    return self;
  }

  public boolean has(String key) {
    Entry e = entries.get(key);
    return e != null && !new YamlNodeReader(self.document(), e.value(), "").isNull();
  }

  /** The keys in file order (merged keys last). */
  public Set<String> keys() {
    return entries.keySet();
  }

  /** The key itself, to read or report on it where it is written (a misspelt region id, say). */
  public Optional<YamlNodeReader> key(String key) {
    Entry e = entries.get(key);
    return e == null ? Optional.empty() : Optional.of(self.child(e.key(), key));
  }

  /** The value of {@code key}; empty when absent or null (no problem recorded). */
  public Optional<YamlNodeReader> optional(String key) {
    Entry e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    YamlNodeReader value = self.child(e.value(), key);
    return value.isNull() ? Optional.empty() : Optional.of(value);
  }

  /**
   * The value of {@code key}; when absent, records {@code missing required field "key" — fix} at the
   * mapping's first line, and when present but empty, at the key.
   */
  public Optional<YamlNodeReader> required(String key, String fix) {
    Entry e = entries.get(key);
    String path = childPath(self, key);
    if (e == null) {
      self.document().problem(self.node(), path, "missing required field \"" + key + "\"", fix);
      return Optional.empty();
    }
    YamlNodeReader value = self.child(e.value(), key);
    if (value.isNull()) {
      self.document().problem(e.key(), path, "\"" + key + "\" has no value", fix);
      return Optional.empty();
    }
    return Optional.of(value);
  }
}
