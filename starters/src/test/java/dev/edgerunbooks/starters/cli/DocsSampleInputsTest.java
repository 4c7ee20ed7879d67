package dev.edgerunbooks.starters.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgerunbooks.workflows.common.ProductWorkflows;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sample inputs of the runbook pages (docs/runbooks/*.md) are what an operator pastes into the
 * Temporal UI's start form, so each must be exactly a request the worker reads. A sample is the
 * fenced {@code json} block right after a line {@code Sample input for <WorkflowType>:} (or {@code
 * <WorkflowType>.<update or signal>:} for what the UI sends a running run); it is read as the worker
 * reads a workflow's input (Temporal's default Jackson mapper), and a field the request does not
 * have, or one of its fields left out, fails with the file and line.
 */
class DocsSampleInputsTest {
  /** The runbook pages, from the starters module (the tests' working directory). */
  private static final Path RUNBOOKS = Path.of("../docs/runbooks");

  private static final Pattern MARKER = Pattern.compile("^Sample input for (\\S+):\\s*$");
  private static final String FENCE = "```json";

  /** Every runbook page, the fleet's and the incident runbooks', and the workflows it must give a sample for. */
  private static final Map<String, List<String>> REQUIRED =
      Map.of(
          "backup-verify.md", List.of("BackupVerifyWorkflow"),
          "restore-test.md", List.of("RestoreTestWorkflow"),
          "dr-drill.md", List.of("DrDrillWorkflow"),
          "evidence.md", List.of("EvidenceWorkflow"),
          "patch-wave.md", List.of("PatchWaveWorkflow"),
          "evacuate-node.md", List.of("EvacuateNodeWorkflow"),
          "rollback-store.md", List.of("RollbackStoreWorkflow"),
          "cert-rotation.md", List.of("CertRotationWorkflow"),
          "token-rotation.md", List.of("TokenRotationWorkflow"));

  /** As the worker reads a workflow's input: a field the request does not have fails. */
  private static final ObjectMapper MAPPER =
      JacksonJsonPayloadConverter.newDefaultObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * And then every field of the request must be there, so a sample shows them all. Read second, so
   * that a misspelt field is named as such rather than as the field it misses.
   */
  private static final ObjectMapper COMPLETE = MAPPER.copy().enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

  /** A sample: where its marker stands, the workflow type (or update) it names, and the JSON from the line after the fence. */
  private record Sample(Path file, int markerLine, String name, int jsonLine, String json) {
    String at(int line) {
      return page(file) + ":" + line;
    }
  }

  @Test
  void everySampleIsARequestOfItsWorkflow() {
    Map<String, Method> workflows = workflowMethods();
    List<String> problems = new ArrayList<>();
    for (Sample sample : samples(problems)) {
      Method method = workflows.get(sample.name());
      if (method == null) {
        problems.add(sample.at(sample.markerLine()) + ": no workflow type, update or signal " + sample.name()
            + " among the product's workflows " + workflows.keySet());
      } else if (method.getParameterCount() != 1) {
        problems.add(sample.at(sample.markerLine()) + ": " + sample.name() + " takes "
            + method.getParameterCount() + " arguments; a sample is one");
      } else {
        JavaType type = MAPPER.constructType(method.getGenericParameterTypes()[0]);
        try {
          MAPPER.readValue(sample.json(), type);
          COMPLETE.readValue(sample.json(), type);
        } catch (JsonProcessingException e) {
          JsonLocation where = e.getLocation();
          int line = where == null || where.getLineNr() < 1 ? sample.jsonLine() : sample.jsonLine() + where.getLineNr() - 1;
          problems.add(sample.at(line) + ": read as the " + type.getRawClass().getSimpleName() + " of " + sample.name()
              + ": " + e.getOriginalMessage());
        }
      }
    }
    assertThat(problems).as("the sample inputs of docs/runbooks").isEmpty();
  }

  @Test
  void everyRunbookPageHasASampleOfEachOfItsWorkflows() {
    List<String> problems = new ArrayList<>();
    List<Sample> samples = samples(problems);
    REQUIRED.forEach(
        (page, types) -> {
          for (String type : types) {
            boolean found = samples.stream().anyMatch(s -> s.file().getFileName().toString().equals(page) && s.name().equals(type));
            if (!found) problems.add("docs/runbooks/" + page + ": no 'Sample input for " + type + ":' followed by a " + FENCE + " block");
          }
        });
    for (Path page : pages()) {
      if (!REQUIRED.containsKey(page.getFileName().toString()) && samples.stream().noneMatch(s -> s.file().equals(page))) {
        problems.add(page(page) + ": a runbook page without a sample input");
      }
    }
    // a workflow's start sample is on its own runbook's page only, so that two copies cannot drift apart
    REQUIRED.forEach(
        (page, types) -> {
          for (Sample sample : samples) {
            String on = sample.file().getFileName().toString();
            if (types.contains(sample.name()) && !on.equals(page)) {
              problems.add(sample.at(sample.markerLine()) + ": the sample input for " + sample.name() + " belongs on docs/runbooks/" + page);
            }
          }
        });
    assertThat(problems).as("the runbook pages' sample inputs").isEmpty();
  }

  /**
   * Every workflow type of the product with its workflow method, and each of its updates and signals
   * as {@code <type>.<name>} (e.g. {@code PatchWaveWorkflow.approve}), from the interfaces annotated
   * {@link WorkflowInterface} of {@link ProductWorkflows#IMPLEMENTATIONS}.
   */
  private static Map<String, Method> workflowMethods() {
    Map<String, Method> methods = new TreeMap<>();
    for (Class<?> implementation : ProductWorkflows.IMPLEMENTATIONS) {
      for (Class<?> contract : implementation.getInterfaces()) {
        if (!contract.isAnnotationPresent(WorkflowInterface.class)) continue;
        String type = contract.getSimpleName();
        for (Method method : contract.getMethods()) {
          WorkflowMethod workflow = method.getAnnotation(WorkflowMethod.class);
          if (workflow != null && !workflow.name().isEmpty()) type = workflow.name();
        }
        for (Method method : contract.getMethods()) {
          if (method.isAnnotationPresent(WorkflowMethod.class)) methods.put(type, method);
          UpdateMethod update = method.getAnnotation(UpdateMethod.class);
          if (update != null) methods.put(type + "." + (update.name().isEmpty() ? method.getName() : update.name()), method);
          SignalMethod signal = method.getAnnotation(SignalMethod.class);
          if (signal != null) methods.put(type + "." + (signal.name().isEmpty() ? method.getName() : signal.name()), method);
        }
      }
    }
    assertThat(methods).as("workflow types of ProductWorkflows.IMPLEMENTATIONS").isNotEmpty();
    return methods;
  }

  private static String page(Path file) {
    return "docs/runbooks/" + file.getFileName();
  }

  private static List<Path> pages() {
    List<Path> pages;
    try (Stream<Path> files = Files.list(RUNBOOKS)) {
      pages = files.filter(f -> f.toString().endsWith(".md")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + RUNBOOKS.toAbsolutePath().normalize(), e);
    }
    assertThat(pages).as("pages under " + RUNBOOKS.toAbsolutePath().normalize()).isNotEmpty();
    return pages;
  }

  /** The samples of every page, in page and line order; a marker without its block is a problem. */
  private static List<Sample> samples(List<String> problems) {
    List<Sample> samples = new ArrayList<>();
    for (Path page : pages()) {
      List<String> lines;
      try {
        lines = Files.readAllLines(page);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (int i = 0; i < lines.size(); i++) {
        Matcher marker = MARKER.matcher(lines.get(i));
        if (!marker.matches()) continue;
        String where = page(page) + ":" + (i + 1);
        if (i + 1 >= lines.size() || !lines.get(i + 1).strip().equals(FENCE)) {
          problems.add(where + ": 'Sample input for " + marker.group(1) + ":' must stand directly before a " + FENCE + " fence");
          continue;
        }
        int end = i + 2;
        while (end < lines.size() && !lines.get(end).strip().equals("```")) end++;
        if (end >= lines.size()) {
          problems.add(where + ": the " + FENCE + " block after it is never closed");
          continue;
        }
        samples.add(new Sample(page, i + 1, marker.group(1), i + 3, String.join("\n", lines.subList(i + 2, end))));
        i = end;
      }
    }
    return samples;
  }
}
