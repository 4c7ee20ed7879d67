package dev.edgerunbooks.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code edgerun bench restore-test} on a tiny fleet: it runs, every guest passes, and it prints its figures. */
class RestoreTestBenchCommandTest {

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void measuresOneGuestThenTheFleetAndComparesWithTheLimit() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit = EdgerunMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute("bench", "restore-test", "--stores", "8", "--capacity", "1", "--time-scale", "0.005",
            "--single-runs", "1", "--poll-interval", "100ms", "--runbooks", "../runbooks");

    String text = out.toString();
    assertThat(exit).as(text + err).isZero();
    assertThat(text)
        .contains("8 stores, one guest each (VMID 104)")
        .contains("8 on 4 staging clusters (eu-central 2, eu-west 2, us-east 2, us-west 2)")
        .contains("capacity K                                 1 restores per staging cluster")
        .contains("result: 8 passed, 0 failed");
    Matcher one = Pattern.compile("one guest alone \\(restore..destroy\\) +(\\d+\\.\\d+) s").matcher(text);
    assertThat(one.find()).as(text).isTrue();
    Matcher limit = Pattern.compile("limit: ceil\\(2 / 1\\) x (\\d+\\.\\d+) s +(\\d+\\.\\d+) s").matcher(text);
    assertThat(limit.find()).as(text).isTrue();
    assertThat(Double.parseDouble(limit.group(2))).isCloseTo(2 * Double.parseDouble(one.group(1)), org.assertj.core.data.Offset.offset(0.1));
    Matcher ratio = Pattern.compile("makespan / limit +(\\d+\\.\\d+)").matcher(text);
    assertThat(ratio.find()).as(text).isTrue();
    // two guests one after the other on each cluster: about twice one guest, never less than one
    assertThat(Double.parseDouble(ratio.group(1))).isBetween(0.6, 2.0);
  }
}
