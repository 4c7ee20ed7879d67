package dev.edgerunbooks.starters.cli;

/** The exit codes of {@code edgerun}, documented in docs/cli.md. */
public final class ExitCodes {
  /** Done; with --wait, the run passed. */
  public static final int OK = 0;
  /**
   * With --wait: the run finished and found problems (failed or unreachable stores); for {@code
   * replay}: the code is not deterministic for the history.
   */
  public static final int PROBLEMS_FOUND = 1;
  /** Bad input: an unknown store, a malformed runbook file, a wrong flag. Nothing was started. */
  public static final int USAGE = 2;
  /** Temporal cannot be reached, or the run itself failed or was cancelled. */
  public static final int UNAVAILABLE = 3;
  /** No such run. */
  public static final int NOT_FOUND = 4;

  private ExitCodes() {}
}
