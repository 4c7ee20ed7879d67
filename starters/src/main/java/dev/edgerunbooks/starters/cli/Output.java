package dev.edgerunbooks.starters.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintWriter;

/** Where commands print: data on stdout (JSON with --json), progress and errors on stderr. */
public final class Output {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private final PrintWriter out;
  private final PrintWriter err;

  public Output(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  public void json(Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A one-line progress bar, e.g. {@code [########------------]  8/20}. */
  public static String bar(int done, int total, int width) {
    return bar(done, total, width, '-');
  }

  /** A progress bar whose unfilled part is {@code empty}, e.g. {@code [#####.....] 23/50}. */
  public static String bar(int done, int total, int width, char empty) {
    int filled = total == 0 ? 0 : (int) Math.min(width, Math.round((double) done * width / total));
    return "[" + "#".repeat(filled) + String.valueOf(empty).repeat(width - filled) + "] " + done + "/" + total;
  }
}
