package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A guest's configuration ({@code GET /nodes/{node}/{qemu|lxc}/{vmid}/config}): every key as PVE
 * writes it, values as strings (PVE sends numbers and 0/1 for some). Device entries such as {@code
 * net0} are property strings, {@code key=value,key=value}, the first item possibly a bare value.
 */
public record GuestConfig(Map<String, String> values) {
  private static final Pattern NET = Pattern.compile("net(\\d+)");

  public GuestConfig {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  @JsonCreator
  static GuestConfig fromJson(Map<String, Object> raw) {
    Map<String, String> values = new LinkedHashMap<>();
    raw.forEach((key, value) -> values.put(key, value == null ? null : String.valueOf(value)));
    return new GuestConfig(values);
  }

  public String get(String key) {
    return values.get(key);
  }

  /** The SHA-1 of the configuration file, to pass back as {@code digest} so an update never races another. */
  public String digest() {
    return values.get("digest");
  }

  /** e.g. {@code create} while a restore runs, {@code backup}, {@code migrate}; null when unlocked. */
  public String lock() {
    return values.get("lock");
  }

  /** The network devices, {@code net0}…, by index. */
  public SortedMap<Integer, String> networks() {
    SortedMap<Integer, String> networks = new TreeMap<>();
    values.forEach(
        (key, value) -> {
          Matcher m = NET.matcher(key);
          if (m.matches() && value != null) {
            networks.put(Integer.parseInt(m.group(1)), value);
          }
        });
    return networks;
  }

  /** One property of a property string, e.g. {@code bridge} of {@code virtio=AA:…,bridge=vmbr0}. */
  public static Optional<String> property(String propertyString, String key) {
    for (String item : propertyString.split(",")) {
      int eq = item.indexOf('=');
      if (eq > 0 && item.substring(0, eq).strip().equals(key)) {
        return Optional.of(item.substring(eq + 1).strip());
      }
    }
    return Optional.empty();
  }

  /** The property string with {@code key} set to {@code value}, every other item kept in place. */
  public static String withProperty(String propertyString, String key, String value) {
    StringBuilder out = new StringBuilder();
    boolean replaced = false;
    for (String item : propertyString.split(",")) {
      if (item.isEmpty()) {
        continue;
      }
      int eq = item.indexOf('=');
      if (eq > 0 && item.substring(0, eq).strip().equals(key)) {
        item = key + "=" + value;
        replaced = true;
      }
      out.append(out.length() == 0 ? "" : ",").append(item);
    }
    if (!replaced) {
      out.append(out.length() == 0 ? "" : ",").append(key).append('=').append(value);
    }
    return out.toString();
  }
}
