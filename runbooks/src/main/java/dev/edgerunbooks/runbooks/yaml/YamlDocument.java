package dev.edgerunbooks.runbooks.yaml;

import dev.edgerunbooks.runbooks.RunbookValidationException;
import dev.edgerunbooks.runbooks.ValidationProblem;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One runbook YAML file, composed into SnakeYAML's node tree, plus the problems found in it so far.
 *
 * <p>Why SnakeYAML's node API rather than Jackson: every node keeps its start mark, for keys as well as
 * values, so a problem found anywhere — including cross-checks done after the walk, such as "duplicate
 * store id, first at line 12" — can name its exact line and column. Jackson's tree model drops locations
 * and its streaming parser would need a hand-written state machine per file format. Composing stops
 * short of constructing Java objects, so no YAML tag can instantiate a class.
 *
 * <p>Readers record problems here instead of throwing, so one load reports everything wrong;
 * {@link #throwIfProblems()} ends the load.
 */
public final class YamlDocument {
  // 5,000 stores are ~6 MB of YAML; SnakeYAML's default limit is 3 MB.
  private static final int MAX_CODE_POINTS = 64 * 1024 * 1024;
  private static final String SYNTAX_FIX =
      "check the indentation (spaces, not tabs) and quote values that contain ': ', '#', '{' or '['";

  private final String sourceName;
  private final Node root;
  private final List<ValidationProblem> problems = new ArrayList<>();

  private YamlDocument(String sourceName, Node root) {
    this.sourceName = sourceName;
    this.root = root;
  }

  /** Parses {@code yaml}; a syntax error or an empty document becomes a problem, not an exception. */
  public static YamlDocument parse(String yaml, String sourceName) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_CODE_POINTS);
    Node root;
    try {
      root = new Yaml(options).compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      YamlDocument broken = new YamlDocument(sourceName, null);
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      broken.problemAt(mark, "", syntaxMessage(e), SYNTAX_FIX);
      return broken;
    } catch (YAMLException e) {
      YamlDocument broken = new YamlDocument(sourceName, null);
      broken.problemAt(null, "", "cannot read YAML: " + e.getMessage(), SYNTAX_FIX);
      return broken;
    }
    YamlDocument document = new YamlDocument(sourceName, root);
    if (root == null) {
      document.problemAt(null, "", "the file is empty", "write the definition; see the sample in the operator guide");
    }
    return document;
  }

  /** Reads {@code file} as UTF-8; a missing file is a problem so the message names it like any other. */
  public static YamlDocument load(Path file) {
    String name = file.toString();
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), name);
    } catch (NoSuchFileException e) {
      YamlDocument missing = new YamlDocument(name, null);
      missing.problemAt(null, "", "file not found", "check the path; runbook definitions live under runbooks/");
      return missing;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  public String sourceName() {
    return sourceName;
  }

  /** The top-level node, empty when the file did not parse or is empty (a problem says why). */
  public Optional<YamlNodeReader> root() {
    return root == null ? Optional.empty() : Optional.of(new YamlNodeReader(this, root, ""));
  }

  /**
   * Reads the whole file: the top-level mapping with {@code topKeys}, then {@code reader}, which records
   * problems and returns empty when any were found.
   *
   * @throws RunbookValidationException listing every problem in file order
   */
  public <T> T read(List<String> topKeys, Function<YamlMapping, Optional<T>> reader) {
    Optional<T> result = root().flatMap(r -> r.asMapping(topKeys)).flatMap(reader);
    throwIfProblems();
    return result.orElseThrow(() -> new IllegalStateException(sourceName + ": nothing read and no problem: a loader bug"));
  }

  /** Records a problem at {@code at}'s start (line 1 when null). */
  public void problem(Node at, String path, String message, String fix) {
    problemAt(at == null ? null : at.getStartMark(), path, message, fix);
  }

  void problemAt(Mark mark, String path, String message, String fix) {
    int line = mark == null ? 1 : mark.getLine() + 1;
    int column = mark == null ? 1 : mark.getColumn() + 1;
    problems.add(new ValidationProblem(sourceName, line, column, path, message, fix));
  }

  public List<ValidationProblem> problems() {
    return List.copyOf(problems);
  }

  /** Compare before and after reading a part to know whether that part is usable. */
  public int problemCount() {
    return problems.size();
  }

  public boolean hasProblems() {
    return !problems.isEmpty();
  }

  /** @throws RunbookValidationException listing every problem in file order */
  public void throwIfProblems() {
    if (!problems.isEmpty()) {
      throw new RunbookValidationException(RunbookValidationException.inFileOrder(problems));
    }
  }

  /** 1-based line of a node, for messages that point back at an earlier place ("first at line 12"). */
  public static int lineOf(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  private static String syntaxMessage(MarkedYAMLException e) {
    String problem = e.getProblem() == null ? "malformed YAML" : e.getProblem();
    String context = e.getContext();
    if (context == null) {
      return "YAML syntax error: " + problem;
    }
    Mark at = e.getContextMark();
    Mark problemAt = e.getProblemMark();
    // The context often starts lines earlier (an unclosed quote or bracket); say where.
    String where = at != null && problemAt != null && at.getLine() != problemAt.getLine()
        ? " at line " + (at.getLine() + 1)
        : "";
    return "YAML syntax error: " + problem + " (" + context + where + ")";
  }
}
