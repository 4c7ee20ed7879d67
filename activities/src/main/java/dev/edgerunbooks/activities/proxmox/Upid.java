package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Proxmox task id. PVE writes 8 fields ({@code UPID:node:pid:pstart:starttime:type:id:user:}),
 * PBS 9 (a {@code task_id} after {@code pstart}); the field count tells them apart.
 *
 * @param taskId PBS's task counter, null for a PVE task
 * @param id the worker id, empty when the task has none
 * @param user who started it, {@code user@realm!token} for a token
 */
public record Upid(
    String text,
    String node,
    long pid,
    long pstart,
    Long taskId,
    Instant startTime,
    String type,
    String id,
    String user) {

  // pve-common PVE/UPID.pm
  private static final Pattern PVE =
      Pattern.compile(
          "^UPID:([a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):"
              + "([0-9A-Fa-f]{8}):([^:\\s/]+):([^:\\s/]*):([^:\\s/]+):$");
  // proxmox-rs proxmox-schema/src/upid.rs
  private static final Pattern PBS =
      Pattern.compile(
          "^UPID:([a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?\\.?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):"
              + "([0-9A-Fa-f]{8,16}):([0-9A-Fa-f]{8}):([^:\\s]+):([^:\\s]*):([^:\\s]+):$");

  @JsonCreator
  public static Upid parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("no UPID");
    }
    Matcher m = PVE.matcher(text);
    if (m.matches()) {
      return new Upid(text, m.group(1), hex(m.group(3)), hex(m.group(4)), null,
          Instant.ofEpochSecond(hex(m.group(5))), m.group(6), m.group(7), m.group(8));
    }
    m = PBS.matcher(text);
    if (m.matches()) {
      return new Upid(text, m.group(1), hex(m.group(3)), hex(m.group(4)), hex(m.group(5)),
          Instant.ofEpochSecond(hex(m.group(6))), m.group(7), m.group(8), m.group(9));
    }
    throw new IllegalArgumentException("not a PVE or PBS UPID: '" + text + "'");
  }

  private static long hex(String s) {
    return Long.parseUnsignedLong(s, 16);
  }

  /** True for a PBS (9-field) UPID. */
  public boolean pbs() {
    return taskId != null;
  }

  /** The UPID percent-encoded for a URL path. */
  public String pathSegment() {
    return ApiEndpoint.segment(text);
  }

  @JsonValue
  @Override
  public String toString() {
    return text;
  }
}
