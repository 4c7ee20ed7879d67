package dev.edgerunbooks.runbooks.staging;

import dev.edgerunbooks.runbooks.yaml.YamlMapping;
import dev.edgerunbooks.runbooks.yaml.YamlNodeReader;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The fields the restore test and the DR drill both declare, read the same way in both files. */
public final class StagingFields {
  /** PVE's Linux bridges are named {@code vmbrN}. */
  public static final Pattern BRIDGE = Pattern.compile("vmbr\\d{1,4}");

  static final List<String> TIMEOUT_KEYS = List.of("restore", "boot");

  private StagingFields() {}

  /** {@code isolatedBridge: vmbr9}, required. */
  public static Optional<String> isolatedBridge(YamlMapping m) {
    return m.required("isolatedBridge",
            "name the bridge restored guests are put on, one with no physical port and no gateway, e.g. isolatedBridge: vmbr9")
        .flatMap(n -> n.asMatching(BRIDGE, "a PVE bridge name", "write vmbr and a number, e.g. vmbr9"));
  }

  /** {@code timeouts: {restore: 30m, boot: 5m}}, optional, each key defaulting to {@link StagingTimeouts#DEFAULT}. */
  public static StagingTimeouts timeouts(YamlMapping m) {
    StagingTimeouts standard = StagingTimeouts.DEFAULT;
    return m.optional("timeouts")
        .flatMap(n -> n.asMapping(TIMEOUT_KEYS))
        .map(t -> new StagingTimeouts(
            t.optional("restore").flatMap(YamlNodeReader::asDuration).orElse(standard.restore()),
            t.optional("boot").flatMap(YamlNodeReader::asDuration).orElse(standard.boot())))
        .orElse(standard);
  }
}
