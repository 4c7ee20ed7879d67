package dev.edgerunbooks.starters.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.workflows.backupverify.BackupVerifyWorkflowImpl;
import dev.edgerunbooks.workflows.common.ProductWorkflows;
import io.temporal.workflow.WorkflowInterface;
import java.lang.reflect.Modifier;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The CLI's list of the product's workflows keeps up with the workflows module. */
class ReplayerTest {
  @Test
  void theReplayerHasEveryWorkflowImplementationOfTheWorkflowsModuleAndListKnowsTheirRunbooks() throws Exception {
    List<Class<?>> implementations = workflowImplementations();
    assertThat(implementations).hasSizeGreaterThanOrEqualTo(18);
    assertThat(ProductWorkflows.IMPLEMENTATIONS)
        .as("ProductWorkflows.IMPLEMENTATIONS, which the central worker registers and replay replays against")
        .containsExactlyInAnyOrderElementsOf(implementations);
    assertThat(RunListing.RUNBOOK_OF_TYPE.keySet())
        .as("RunListing.RUNBOOK_OF_TYPE")
        .containsExactlyInAnyOrderElementsOf(Replayer.product().workflowTypes());
  }

  /** The classes of the workflows module that implement a workflow interface. */
  private static List<Class<?>> workflowImplementations() throws Exception {
    Path location = Path.of(BackupVerifyWorkflowImpl.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (Files.isDirectory(location)) {
      return implementationsUnder(location);
    }
    try (FileSystem jar = FileSystems.newFileSystem(location)) {
      return implementationsUnder(jar.getPath("/"));
    }
  }

  private static List<Class<?>> implementationsUnder(Path root) throws Exception {
    List<String> names;
    try (Stream<Path> files = Files.walk(root)) {
      names =
          files.map(p -> root.relativize(p).toString().replace('\\', '/'))
              .filter(n -> n.startsWith("dev/edgerunbooks/workflows/") && n.endsWith(".class") && !n.contains("$"))
              .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
              .toList();
    }
    ClassLoader loader = ReplayerTest.class.getClassLoader();
    List<Class<?>> implementations = new ArrayList<>();
    for (String name : names) {
      Class<?> c = Class.forName(name, false, loader);
      if (!c.isInterface() && !Modifier.isAbstract(c.getModifiers())
          && Arrays.stream(c.getInterfaces()).anyMatch(i -> i.isAnnotationPresent(WorkflowInterface.class))) {
        implementations.add(c);
      }
    }
    return implementations;
  }
}
