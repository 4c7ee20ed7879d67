package dev.edgerunbooks.runbooks;

/**
 * One thing wrong in a runbook file, where it is, and how to fix it. Line and column are 1-based, as
 * editors show them; {@code path} is the field path such as {@code stores[3].pbs.fingerprint}
 * (list indexes 0-based).
 */
public record ValidationProblem(String file, int line, int column, String path, String message, String fix) {

  /** {@code fleet.yaml:42:7: stores[3].pbs.fingerprint: "AB:CD" is not … — use …} */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder().append(file).append(':').append(line).append(':').append(column).append(": ");
    if (path != null && !path.isEmpty()) {
      out.append(path).append(": ");
    }
    out.append(message);
    if (fix != null && !fix.isEmpty()) {
      out.append(" — ").append(fix);
    }
    return out.toString();
  }
}
