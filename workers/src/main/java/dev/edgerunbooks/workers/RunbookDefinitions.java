package dev.edgerunbooks.workers;

import dev.edgerunbooks.runbooks.RunbookValidationException;
import dev.edgerunbooks.runbooks.ValidationProblem;
import dev.edgerunbooks.runbooks.drdrill.DrDrillDefinition;
import dev.edgerunbooks.runbooks.drdrill.DrDrillLoader;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.probes.ProbesDefinition;
import dev.edgerunbooks.runbooks.probes.ProbesLoader;
import dev.edgerunbooks.runbooks.restoretest.RestoreTestDefinition;
import dev.edgerunbooks.runbooks.restoretest.RestoreTestLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The runbook definitions beside the fleet file that the central worker plans with and the staging
 * workers act on: {@code probes.yaml}, {@code restore-test.yaml}, {@code dr-drill.yaml}.
 *
 * @param directory where they were read
 * @param probes null (as are the others) in a process that runs only stores' site workers, which
 *     need none of them: see {@link #notNeeded}
 */
public record RunbookDefinitions(
    Path directory, ProbesDefinition probes, RestoreTestDefinition restoreTest, DrDrillDefinition drDrill) {

  /**
   * Reads and validates the three files of {@code directory}.
   *
   * @throws RunbookValidationException with every problem of every file (each names its file, line,
   *     field and fix), so one start shows all there is to fix
   */
  public static RunbookDefinitions load(Path directory) {
    List<ValidationProblem> problems = new ArrayList<>();
    ProbesDefinition probes = read(directory.resolve(ProbesLoader.FILE_NAME), ProbesLoader::load, problems);
    RestoreTestDefinition restoreTest =
        read(directory.resolve(RestoreTestLoader.FILE_NAME), RestoreTestLoader::load, problems);
    DrDrillDefinition drDrill = read(directory.resolve(DrDrillLoader.FILE_NAME), DrDrillLoader::load, problems);
    if (!problems.isEmpty()) {
      throw new RunbookValidationException(problems);
    }
    return new RunbookDefinitions(directory, probes, restoreTest, drDrill);
  }

  /** For a process that runs neither the central worker nor a staging worker: nothing is read. */
  public static RunbookDefinitions notNeeded(Path directory) {
    return new RunbookDefinitions(directory, null, null, null);
  }

  /**
   * What keeps the definitions from working with this fleet (a role without a probe or outside the
   * boot order, a region without a staging cluster). A run that meets one is refused when it is
   * planned; at start-up they are only warned about, so a fleet change does not stop the workers.
   */
  public List<ValidationProblem> problemsWith(FleetDefinition fleet) {
    List<ValidationProblem> problems = new ArrayList<>(probes.problemsFor(fleet));
    problems.addAll(restoreTest.problemsFor(fleet));
    problems.addAll(drDrill.problemsFor(fleet));
    return problems;
  }

  private static <T> T read(Path file, Function<Path, T> loader, List<ValidationProblem> problems) {
    try {
      return loader.apply(file);
    } catch (RunbookValidationException e) {
      problems.addAll(e.problems());
      return null;
    }
  }
}
