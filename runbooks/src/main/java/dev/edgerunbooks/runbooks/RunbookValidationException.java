package dev.edgerunbooks.runbooks;

import java.util.Comparator;
import java.util.List;

/** A runbook file could not be loaded; carries every problem found, not only the first. */
public class RunbookValidationException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  // A badly broken 5,000-store file must still give a readable message; problems() keeps them all.
  private static final int MAX_IN_MESSAGE = 100;

  private final transient List<ValidationProblem> problems;

  public RunbookValidationException(List<ValidationProblem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  public List<ValidationProblem> problems() {
    return problems;
  }

  /** Problems in file order, so the message reads top to bottom like the file. */
  public static List<ValidationProblem> inFileOrder(List<ValidationProblem> problems) {
    return problems.stream()
        .sorted(Comparator.comparing(ValidationProblem::file)
            .thenComparingInt(ValidationProblem::line)
            .thenComparingInt(ValidationProblem::column))
        .toList();
  }

  private static String describe(List<ValidationProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a validation exception needs at least one problem");
    }
    String files = problems.stream().map(ValidationProblem::file).distinct().reduce((a, b) -> a + ", " + b).orElse("");
    StringBuilder out = new StringBuilder()
        .append(files).append(": ").append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
    int shown = 0;
    for (ValidationProblem p : problems) {
      if (shown++ == MAX_IN_MESSAGE) {
        out.append("\n… and ").append(problems.size() - MAX_IN_MESSAGE).append(" more");
        break;
      }
      out.append('\n').append(p);
    }
    return out.toString();
  }
}
