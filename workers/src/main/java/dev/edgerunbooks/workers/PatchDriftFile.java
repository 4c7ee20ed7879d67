package dev.edgerunbooks.workers;

import dev.edgerunbooks.workflows.patch.PatchDrift;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * Writes the patch drift gauge in Prometheus' text format for node_exporter's textfile collector:
 * drift changes only when a wave ends, so a file the host's exporter serves is enough, and the
 * workers need no HTTP server of their own. Written to a temporary file and moved, as the collector asks.
 */
final class PatchDriftFile implements Consumer<PatchDrift> {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PatchDriftFile.class);
  private final Path file;

  PatchDriftFile(Path file) {
    this.file = file;
  }

  @Override
  public void accept(PatchDrift d) {
    String text =
        "# HELP edge_patch_drift_stores Stores by how far they are behind the newest bundle.\n"
            + "# TYPE edge_patch_drift_stores gauge\n"
            + line(d, "current", d.current())
            + line(d, "behind_one", d.behindOne())
            + line(d, "behind_two", d.behindTwo())
            + line(d, "older", d.older())
            + line(d, "unknown", d.unknown());
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".edge_patch_drift", ".tmp");
      Files.writeString(tmp, text);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // The drift is in the wave report too; a metric that cannot be written must not hold the report back.
      log.warn("cannot write the patch drift metric to {}: {}", file, e.toString());
    }
  }

  private static String line(PatchDrift d, String age, int stores) {
    return "edge_patch_drift_stores{newest=\"" + d.newest() + "\",age=\"" + age + "\"} " + stores + "\n";
  }
}
