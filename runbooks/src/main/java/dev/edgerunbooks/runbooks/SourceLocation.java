package dev.edgerunbooks.runbooks;

/**
 * Where a value was declared in a runbook file. Definitions keep it for the checks made after loading
 * (against the fleet, at plan time), so those problems point at the line to fix like the loader's do.
 */
public record SourceLocation(String file, int line, int column, String path) {

  public ValidationProblem problem(String message, String fix) {
    return new ValidationProblem(file, line, column, path, message, fix);
  }
}
