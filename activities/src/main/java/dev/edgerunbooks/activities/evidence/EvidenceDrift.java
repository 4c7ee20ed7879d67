package dev.edgerunbooks.activities.evidence;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.edgerunbooks.activities.report.ReportText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed in a store's items from one day to the next: items added, removed, and changed, with
 * the top-level fields that differ. A field's old and new values are shown when they are small
 * scalars (a number, a boolean, text up to {@value #SMALL} characters); anything larger is named by
 * its kind only, so the drift report never grows with a store's configuration.
 */
public final class EvidenceDrift {
  static final int SMALL = 80;

  private EvidenceDrift() {}

  /**
   * One changed field.
   *
   * @param before the old value, null when the field was added
   * @param after the new value, null when the field was removed
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FieldChange(String field, JsonNode before, JsonNode after) {}

  public record ItemChange(String id, List<FieldChange> fields) {}

  public record StoreDrift(String store, List<String> added, List<String> removed, List<ItemChange> changed) {
    public boolean changedAtAll() {
      return !added.isEmpty() || !removed.isEmpty() || !changed.isEmpty();
    }
  }

  /** A store that could not be compared, and why. */
  public record NotCompared(String store, String why) {}

  /**
   * @param before the previous day's items, id → data
   * @param after this day's items, id → data
   */
  public static StoreDrift compare(String store, Map<String, JsonNode> before, Map<String, JsonNode> after) {
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<ItemChange> changed = new ArrayList<>();
    SortedSet<String> ids = new TreeSet<>(before.keySet());
    ids.addAll(after.keySet());
    for (String id : ids) {
      JsonNode old = before.get(id);
      JsonNode now = after.get(id);
      if (old == null) {
        added.add(id);
      } else if (now == null) {
        removed.add(id);
      } else if (!old.equals(now)) {
        changed.add(new ItemChange(id, fields(old, now)));
      }
    }
    return new StoreDrift(store, added, removed, changed);
  }

  private static List<FieldChange> fields(JsonNode old, JsonNode now) {
    if (!old.isObject() || !now.isObject()) {
      return List.of(new FieldChange("", shown(old), shown(now)));
    }
    SortedSet<String> names = new TreeSet<>();
    old.fieldNames().forEachRemaining(names::add);
    now.fieldNames().forEachRemaining(names::add);
    List<FieldChange> fields = new ArrayList<>();
    for (String name : names) {
      JsonNode a = old.get(name);
      JsonNode b = now.get(name);
      if (!Objects.equals(a, b)) {
        fields.add(new FieldChange(name, shown(a), shown(b)));
      }
    }
    return fields;
  }

  /** The value itself when it is a small scalar, else what kind of value it is. */
  private static JsonNode shown(JsonNode value) {
    if (value == null) {
      return null;
    }
    if (value.isNumber() || value.isBoolean() || value.isNull() || (value.isTextual() && value.textValue().length() <= SMALL)) {
      return value;
    }
    if (value.isTextual()) {
      return TextNode.valueOf("(text of " + value.textValue().length() + " characters, not shown)");
    }
    return TextNode.valueOf(value.isArray() ? "(list of " + value.size() + ", not shown)" : "(object, not shown)");
  }

  /** The drift report as Markdown, one line per change: {@code store-0003: guest/101/config memory 2048 -> 4096}. */
  public static String markdown(
      String date, String previousDate, List<StoreDrift> stores, List<NotCompared> notCompared) {
    StringBuilder md = new StringBuilder();
    md.append("# Evidence drift ").append(date).append(" against ").append(previousDate).append("\n\n");
    long changed = stores.stream().filter(StoreDrift::changedAtAll).count();
    md.append(changed).append(changed == 1 ? " store" : " stores").append(" changed.\n\n");
    for (StoreDrift s : stores) {
      for (String id : s.added()) {
        md.append("- ").append(ReportText.cell(s.store())).append(": ").append(id).append(" added\n");
      }
      for (String id : s.removed()) {
        md.append("- ").append(ReportText.cell(s.store())).append(": ").append(id).append(" removed\n");
      }
      for (ItemChange item : s.changed()) {
        for (FieldChange f : item.fields()) {
          md.append("- ").append(ReportText.cell(s.store())).append(": ").append(item.id());
          if (!f.field().isEmpty()) {
            md.append(' ').append(ReportText.cell(f.field()));
          }
          md.append(' ').append(text(f.before())).append(" -> ").append(text(f.after())).append('\n');
        }
      }
    }
    if (!notCompared.isEmpty()) {
      md.append("\n## Not compared\n\n");
      notCompared.forEach(n -> md.append("- ").append(ReportText.cell(n.store())).append(": ").append(ReportText.cell(n.why())).append('\n'));
    }
    return md.toString();
  }

  private static String text(JsonNode value) {
    if (value == null) {
      return "(absent)";
    }
    return ReportText.cell(value.isTextual() ? value.textValue() : value.toString());
  }

  /** id → data of an items file. */
  static SortedMap<String, JsonNode> items(JsonNode itemsFile) {
    SortedMap<String, JsonNode> items = new TreeMap<>();
    for (JsonNode item : itemsFile.path("items")) {
      items.put(item.path("id").asText(), item.path("data"));
    }
    return items;
  }
}
