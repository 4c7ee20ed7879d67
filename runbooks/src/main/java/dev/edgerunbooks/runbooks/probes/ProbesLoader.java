package dev.edgerunbooks.runbooks.probes;

import dev.edgerunbooks.runbooks.RunbookValidationException;
import dev.edgerunbooks.runbooks.fleet.FleetLoader;
import dev.edgerunbooks.runbooks.yaml.YamlDocument;
import dev.edgerunbooks.runbooks.yaml.YamlMapping;
import dev.edgerunbooks.runbooks.yaml.YamlNodeReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads and validates {@code probes.yaml}:
 *
 * <pre>{@code
 * probes:
 *   pos:                       # a guest role, as fleet.yaml names it
 *     exec: [systemctl, is-active, --quiet, pos-gateway]   # VMs, through the guest agent
 *     expectExit: 0            # default 0
 *     expectOutput: ok         # optional: text the output must contain
 *     timeout: 2m              # default 2m
 *   dns:
 *     interface: eth0          # containers: running with an address on it
 * }</pre>
 */
public final class ProbesLoader {
  /** The file's name under {@code runbooks/}. */
  public static final String FILE_NAME = "probes.yaml";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  static final List<String> TOP_KEYS = List.of("probes");
  static final List<String> PROBE_KEYS = List.of("exec", "expectExit", "expectOutput", "timeout", "interface");
  // Linux interface names: at most 15 characters, no '/', ':' or blanks.
  static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");
  static final String EXEC_EXAMPLE = "exec: [systemctl, is-active, --quiet, nginx]";

  private ProbesLoader() {}

  /** @throws RunbookValidationException listing every problem of the file */
  public static ProbesDefinition load(Path file) {
    return read(YamlDocument.load(file));
  }

  /** @throws RunbookValidationException listing every problem, each prefixed with {@code sourceName} */
  public static ProbesDefinition parse(String yaml, String sourceName) {
    return read(YamlDocument.parse(yaml, sourceName));
  }

  static ProbesDefinition read(YamlDocument document) {
    return document.read(TOP_KEYS, ProbesLoader::readProbes);
  }

  private static Optional<ProbesDefinition> readProbes(YamlMapping top) {
    YamlDocument document = top.self().document();
    Optional<YamlNodeReader> probesNode = top.required("probes",
        "list a probe per guest role, e.g. probes: {pos: {exec: [systemctl, is-active, pos]}, dns: {interface: eth0}}");
    Map<String, RoleProbe> roles = new LinkedHashMap<>();
    probesNode.flatMap(n -> n.asMappingOfAnyKeys("pos: {" + EXEC_EXAMPLE + "}")).ifPresent(m -> {
      if (m.keys().isEmpty()) {
        m.self().problem("no probe is defined", "add a probe for each guest role of the fleet");
      }
      for (String role : m.keys()) {
        readRole(m, role).ifPresent(probe -> roles.put(role, probe));
      }
    });
    if (document.hasProblems()) {
      return Optional.empty();
    }
    return Optional.of(new ProbesDefinition(roles, probesNode.orElseThrow().location()));
  }

  private static Optional<RoleProbe> readRole(YamlMapping probes, String role) {
    YamlDocument document = probes.self().document();
    int before = document.problemCount();
    probes.key(role).orElseThrow().asMatching(FleetLoader.ROLE, "a role word", FleetLoader.ROLE_FIX);
    Optional<YamlMapping> mapping = probes
        .required(role, "give the role " + EXEC_EXAMPLE + " (VMs), interface: eth0 (containers) or both")
        .flatMap(n -> n.asMapping(PROBE_KEYS));
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    YamlMapping m = mapping.get();
    List<String> exec = m.optional("exec").flatMap(YamlNodeReader::asArgv).orElse(List.of());
    int expectExit = m.optional("expectExit").flatMap(n -> n.asInt(0, 255)).orElse(0);
    Optional<String> expectOutput = m.optional("expectOutput").flatMap(YamlNodeReader::asString);
    Optional<String> interfaceName = m.optional("interface").flatMap(n -> n.asMatching(INTERFACE,
        "a network interface name", "write the container's interface as PVE names it, e.g. eth0"));
    Duration timeout = m.optional("timeout").flatMap(YamlNodeReader::asDuration).orElse(DEFAULT_TIMEOUT);
    if (!m.has("exec")) {
      for (String execOnly : List.of("expectExit", "expectOutput")) {
        m.key(execOnly).ifPresent(k -> k.problem(
            "\"" + execOnly + "\" checks exec, which role \"" + role + "\" does not have",
            "add " + EXEC_EXAMPLE + " or remove " + execOnly));
      }
      if (!m.has("interface")) {
        m.self().problem("role \"" + role + "\" has neither exec nor interface",
            "add " + EXEC_EXAMPLE + " for VMs, interface: eth0 for containers, or both");
      }
    }
    if (document.problemCount() != before) {
      return Optional.empty();
    }
    return Optional.of(new RoleProbe(role, exec, expectExit, expectOutput, interfaceName, timeout, m.self().location()));
  }
}
