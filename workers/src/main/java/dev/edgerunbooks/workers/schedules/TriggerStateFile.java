package dev.edgerunbooks.workers.schedules;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the in-process trigger keeps across restarts, per schedule: the last time it handled (so a
 * restart catches up the times it missed, within each schedule's catch-up window) and whether it is
 * paused, and why. A JSON file, written whole and atomically; an operator may edit a schedule's
 * {@code paused} to false to unpause it, and the trigger reads the change within a tick.
 */
public final class TriggerStateFile {
  /**
   * One schedule's state.
   *
   * @param lastNominal the last nominal time handled (started, skipped or missed)
   * @param note why it is paused
   */
  public record Saved(Instant lastNominal, boolean paused, String note) {}

  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private final Path file;
  private FileTime written;

  public TriggerStateFile(Path file) {
    this.file = file;
  }

  public Path path() {
    return file;
  }

  /** What the file holds; empty when there is none yet. */
  public Map<String, Saved> load() {
    if (!Files.exists(file)) {
      return new TreeMap<>();
    }
    try {
      Map<String, Saved> saved = JSON.readValue(file.toFile(), new TypeReference<TreeMap<String, Saved>>() {});
      written = Files.getLastModifiedTime(file);
      return saved;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the schedule trigger's state " + file + " (fix or delete it): "
          + e.getMessage(), e);
    }
  }

  /** The file's contents when someone else changed it since it was last read or written here. */
  public Optional<Map<String, Saved>> changedElsewhere() {
    try {
      if (Files.exists(file) && !Files.getLastModifiedTime(file).equals(written)) {
        return Optional.of(load());
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void save(Map<String, Saved> state) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
      JSON.writeValue(temp.toFile(), new TreeMap<>(state));
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      written = Files.getLastModifiedTime(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the schedule trigger's state " + file + ": " + e.getMessage(), e);
    }
  }
}
