package dev.edgerunbooks.runbooks.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgerunbooks.runbooks.RunbookValidationException;
import dev.edgerunbooks.runbooks.ValidationProblem;
import java.util.List;

/** Fleet texts for tests; line numbers in the tests refer to {@link #MINIMAL}'s lines. */
final class FleetSamples {
  static final String FP = "01:08:0F:16:1D:24:2B:32:39:40:47:4E:55:5C:63:6A:71:78:7F:86:8D:94:9B:A2:A9:B0:B7:BE:C5:CC:D3:DA";

  /** One store; every test below changes a line of it, so line numbers stay put. */
  static final String MINIMAL = """
      fleet: edge-lab
      regions:
        - id: eu-central
          timeZone: Europe/Berlin
      stores:
        - id: store-0001
          region: eu-central
          nodes:
            - name: pve1
              endpoint: https://127.0.0.1:20000
              fingerprint: "FP"
          pbs:
            endpoint: https://127.0.0.1:20003
            fingerprint: "FP"
            datastore: store
            pveStorage: pbs-store
          guests:
            - vmid: 100
              name: dns
              type: lxc
              role: dns
      """.replace("FP", FP);

  private FleetSamples() {}

  /** MINIMAL with line {@code line} (1-based) replaced. */
  static String withLine(int line, String replacement) {
    List<String> lines = new java.util.ArrayList<>(MINIMAL.lines().toList());
    lines.set(line - 1, replacement);
    return String.join("\n", lines) + "\n";
  }

  static List<ValidationProblem> problemsOf(String yaml) {
    RunbookValidationException e = catchThrowableOfType(RunbookValidationException.class,
        () -> FleetLoader.parse(yaml, "fleet.yaml"));
    assertThat(e).as("expected the fleet to be rejected").isNotNull();
    return e.problems();
  }

  static ValidationProblem onlyProblemOf(String yaml) {
    List<ValidationProblem> problems = problemsOf(yaml);
    assertThat(problems).as("problems").hasSize(1);
    return problems.get(0);
  }

  /** {@code stores} stores of 3 nodes and 4 guests each; each store takes exactly {@link #LINES_PER_STORE} lines. */
  static String generated(int stores) {
    StringBuilder out = new StringBuilder(stores * 1200);
    out.append("fleet: edge-bench\n")                        // 1
        .append("regions:\n")                                  // 2
        .append("  - id: eu-central\n")                        // 3
        .append("    timeZone: Europe/Berlin\n")               // 4
        .append("  - id: us-east\n")                           // 5
        .append("    timeZone: America/New_York\n")            // 6
        .append("stores:\n");                                  // 7
    for (int i = 1; i <= stores; i++) {
      int port = 20000 + i * 10;
      out.append("  - id: store-").append(String.format("%04d", i)).append('\n')
          .append("    region: ").append(i % 2 == 0 ? "us-east" : "eu-central").append('\n')
          .append("    pilot: ").append(i <= 5).append('\n')
          .append("    wave: ").append(i <= 5 ? "canary" : i <= 55 ? "wave-1" : "wave-2").append('\n')
          .append("    nodes:\n");
      for (int n = 1; n <= 3; n++) {
        out.append("      - name: pve").append(n).append('\n')
            .append("        endpoint: https://127.0.0.1:").append(port + n - 1).append('\n')
            .append("        fingerprint: \"").append(FP).append("\"\n");
      }
      out.append("    pbs:\n")
          .append("      endpoint: https://127.0.0.1:").append(port + 3).append('\n')
          .append("      fingerprint: \"").append(FP).append("\"\n")
          .append("      datastore: store\n")
          .append("      pveStorage: pbs-store\n")
          .append("      offsiteSyncJob: offsite-s3\n")
          .append("    guests:\n");
      String[][] guests = {{"100", "dns", "lxc", "dns"}, {"101", "pos-db", "qemu", "pos"},
          {"102", "pos-app", "qemu", "pos"}, {"103", "monitor", "lxc", "monitoring"}};
      for (String[] g : guests) {
        out.append("      - vmid: ").append(g[0]).append('\n')
            .append("        name: ").append(g[1]).append('\n')
            .append("        type: ").append(g[2]).append('\n')
            .append("        role: ").append(g[3]).append('\n');
      }
    }
    return out.toString();
  }

  static final int HEADER_LINES = 7;
  static final int LINES_PER_STORE = 5 + 9 + 7 + 16;
}
