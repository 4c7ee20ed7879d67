package dev.edgerunbooks.starters.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fleet files for tests that check ids against {@code --fleet}. */
final class TestFleets {
  private TestFleets() {}

  /** {@code fleet.yaml} in {@code dir}: fleet edge-lab, stores store-0001 and store-0002, each with nodes pve1 and pve2. */
  static String twoStores(Path dir) throws IOException {
    String fp = "01:08:0F:16:1D:24:2B:32:39:40:47:4E:55:5C:63:6A:71:78:7F:86:8D:94:9B:A2:A9:B0:B7:BE:C5:CC:D3:DA";
    StringBuilder yaml =
        new StringBuilder("fleet: edge-lab\nregions:\n  - id: eu-central\n    timeZone: Europe/Berlin\nstores:\n");
    for (String id : new String[] {"store-0001", "store-0002"}) {
      yaml.append("  - id: ").append(id).append("\n    region: eu-central\n").append("    nodes:\n");
      for (String node : new String[] {"pve1", "pve2"}) {
        yaml.append("      - name: ").append(node).append("\n        endpoint: https://127.0.0.1:20000\n")
            .append("        fingerprint: \"").append(fp).append("\"\n");
      }
      yaml.append("    pbs:\n      endpoint: https://127.0.0.1:20003\n")
          .append("      fingerprint: \"").append(fp).append("\"\n")
          .append("      datastore: store\n      pveStorage: pbs-store\n");
    }
    Path fleet = dir.resolve("fleet.yaml");
    Files.writeString(fleet, yaml.toString());
    return fleet.toString();
  }
}
