package dev.edgerunbooks.runbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
      "90s, PT1M30S",
      "45m, PT45M",
      "26h, PT26H",
      "7d, PT168H",
      "1w, PT168H",
      "1h30m, PT1H30M",
      "1d12h, PT36H",
      "1w2d3h4m5s, PT219H4M5S",
      "PT26H, PT26H",
      "pt90m, PT1H30M",
      "P1DT2H, PT26H",
      "' 26h ', PT26H",
  })
  void parsesTheAcceptedForms(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "26", "26 h", "26H", "1.5h", "-5m", "0s", "0h0m", "PT0S", "PT-1H", "30m1h",
      "1h1h", "h", "1y", "P1Y", "26hours", "99999999999999999999s"})
  void rejectsEverythingElseNamingTheAcceptedForms(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("90s, 45m, 26h, 7d, 1w, 1h30m or ISO-8601 PT26H");
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
      "PT26H, 26h",
      "PT1H30M, 1h30m",
      "PT90S, 1m30s",
      "PT45S, 45s",
      "PT24H, 1d",
      "PT48H, 2d",
      "PT168H, 1w",
      "PT2H0M5S, 2h5s",
      "PT0.5S, PT0.5S",
  })
  void formatsCompactly(String iso, String text) {
    Duration d = Duration.parse(iso);
    assertThat(Durations.format(d)).isEqualTo(text);
    assertThat(Durations.parse(Durations.format(d))).as("round trip").isEqualTo(d);
  }
}
