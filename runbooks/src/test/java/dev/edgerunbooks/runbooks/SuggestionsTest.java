package dev.edgerunbooks.runbooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> KEYS = List.of("rpo", "siteResponseTimeout", "offsiteMaxAge", "pveTokenId");

  @Test
  void suggestsTyposAndTranspositions() {
    assertThat(Suggestions.closest("rpoo", KEYS)).contains("rpo");
    assertThat(Suggestions.closest("siteresponsetimeout", KEYS)).contains("siteResponseTimeout");
    assertThat(Suggestions.closest("pveTokneId", KEYS)).contains("pveTokenId");
  }

  @Test
  void suggestsNothingFarOff() {
    assertThat(Suggestions.closest("guests", KEYS)).isEmpty();
    assertThat(Suggestions.didYouMean("zzz", KEYS)).isEmpty();
  }

  @Test
  void listsAreCapped() {
    assertThat(Suggestions.list(List.of("a", "b", "c"), 2)).isEqualTo("a, b, … (1 more)");
    assertThat(Suggestions.list(List.of("a", "b"), 2)).isEqualTo("a, b");
  }
}
