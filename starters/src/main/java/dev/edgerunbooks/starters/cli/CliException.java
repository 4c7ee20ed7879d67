package dev.edgerunbooks.starters.cli;

/** An error the CLI reports as one line and an exit code, without a stack trace. */
public class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
