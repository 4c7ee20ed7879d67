package dev.edgerunbooks.starters.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** {@code --stores a,b}: the runbooks that cover the whole fleet unless told otherwise. */
public class StoresOption {
  @Option(
      names = "--stores",
      split = ",",
      paramLabel = "STORE",
      description = "Only these stores (comma-separated ids); default: the whole fleet")
  List<String> ids = List.of();
}
