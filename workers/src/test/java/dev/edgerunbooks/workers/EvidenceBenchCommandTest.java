package dev.edgerunbooks.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code edgerun bench evidence} on a tiny fleet: it records the night of every store and prints its figures. */
class EvidenceBenchCommandTest {

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void recordsOneNightOfEveryStoreAndPrintsItsFigures() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit = EdgerunMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute("bench", "evidence", "--stores", "3", "--runbooks", "../runbooks");

    String text = out.toString();
    assertThat(exit).as(text + err).isZero();
    assertThat(text)
        .contains("evidence benchmark: 3 stores, concurrency 20, lab time scale 0, day " + EvidenceBenchCommand.DATE)
        .contains("stores collected                                   3 of 3");
    assertThat(figure(text, "start-up \\(.*\\) +(\\d+\\.\\d) s")).isPositive();
    assertThat(figure(text, "night wall time .* +(\\d+\\.\\d) s")).isPositive();
    // per store: node versions and certificates, firewall, storages, Ceph, each guest's config and firewall, backups
    assertThat(figure(text, "items +(\\d+) \\(")).isBetween(3 * 10.0, 3 * 500.0);
    assertThat(figure(text, "day's file \\(audit/edge/" + EvidenceBenchCommand.DATE + "\\.json\\) +(\\d+) bytes")).isBetween(500.0, 5e6);
    // plan, one child per store, runs, the day's file: a few dozen events, not one per item
    assertThat(figure(text, "events in the fleet run's history +(\\d+) \\(evidence/" + EvidenceBenchCommand.DATE + ";"))
        .isBetween(10.0, 200.0);
    assertThat(figure(text, "peak heap during the night +(\\d+) MiB")).isPositive();
  }

  private static double figure(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(regex + " in\n" + text).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
