package dev.edgerunbooks.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CompletionTest {
  @Test
  void theCompletionScriptKnowsEveryRunbookAndItsOptionsAndIsListedInHelp() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit = EdgerunMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute("completion");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("complete -F _complete_edgerun")
        .contains("cert-rotation", "token-rotation", "patch-wave", "schedules", "replay")
        .contains("--dry-run", "--stores");

    StringWriter help = new StringWriter();
    EdgerunMain.commandLine(new PrintWriter(help, true), new PrintWriter(err, true)).execute("--help");
    assertThat(help.toString()).contains("completion");
  }
}
