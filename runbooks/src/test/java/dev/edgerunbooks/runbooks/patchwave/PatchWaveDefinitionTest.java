package dev.edgerunbooks.runbooks.patchwave;

import static dev.edgerunbooks.runbooks.patchwave.PatchWaveSamples.CLOCK;
import static dev.edgerunbooks.runbooks.patchwave.PatchWaveSamples.fleetOf;
import static dev.edgerunbooks.runbooks.patchwave.PatchWaveSamples.id;
import static dev.edgerunbooks.runbooks.patchwave.PatchWaveSamples.ids;
import static dev.edgerunbooks.runbooks.patchwave.PatchWaveSamples.withKey;
import static dev.edgerunbooks.runbooks.patchwave.PatchWaveSamples.withWaves;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a loaded definition deals a run's stores into its waves, and resolves error budgets. */
class PatchWaveDefinitionTest {
  static final String CANARY = "{name: canary, stores: [store-0002, store-0001], concurrency: 1, maxFailures: 1, soak: 30m}";

  @TempDir
  static Path dir;

  @BeforeAll
  static void key() {
    withKey(dir);
  }

  private static PatchWaveDefinition definition(int fleetSize, String order, String... waves) {
    return PatchWaveLoader.parse(withWaves(order, waves), "patch-wave.yaml", dir, fleetOf(fleetSize), CLOCK);
  }

  private static String sized(String name, String size) {
    return "{name: " + name + ", size: \"" + size + "\", concurrency: 5, maxFailures: 10%, soak: 1h}";
  }

  @Test
  void listedStoresFirstThenCountsThenTheRest() {
    PatchWaveDefinition d = definition(10, "fleet", CANARY, sized("wave-1", "3"), sized("rest", "rest"));
    assertThat(d.assign(ids(1, 10), "2026.11.0")).containsExactly(
        List.of("store-0002", "store-0001"),
        ids(3, 5),
        ids(6, 10));
  }

  @Test
  void sharesAreOfTheWholeRunRoundedUp() {
    // 10% and 25% of 20 stores are exactly 2 and 5; of 21 stores, 2.1 and 5.25 round up to 3 and 6.
    PatchWaveDefinition d = definition(21, "fleet", CANARY, sized("wave-1", "10%"), sized("wave-2", "25%"), sized("rest", "rest"));
    assertThat(d.assign(ids(1, 20), "1.0").stream().map(List::size)).containsExactly(2, 2, 5, 11);
    assertThat(d.assign(ids(1, 21), "1.0").stream().map(List::size)).containsExactly(2, 3, 6, 10);
    assertThat(d.assign(ids(1, 21), "1.0").get(1)).isEqualTo(ids(3, 5));
  }

  @Test
  void aSizeLargerThanWhatIsLeftTakesWhatIsLeft() {
    PatchWaveDefinition d = definition(6, "fleet", CANARY, sized("wave-1", "3"), sized("wave-2", "50"), sized("rest", "rest"));
    assertThat(d.assign(ids(1, 6), "1.0")).containsExactly(
        List.of("store-0002", "store-0001"), ids(3, 5), List.of("store-0006"), List.of());
  }

  @Test
  void aRestrictedRunDealsItsOwnStoresAndKeepsOnlyTheListedOnesInIt() {
    PatchWaveDefinition d = definition(20, "fleet", CANARY, sized("wave-1", "50%"), sized("rest", "rest"));
    List<String> subset = List.of("store-0002", "store-0007", "store-0008", "store-0009", "store-0010");
    // 50% of the run's 5 stores is 3 (2.5 rounded up); store-0001 is not in the run.
    assertThat(d.assign(subset, "1.0")).containsExactly(
        List.of("store-0002"), List.of("store-0007", "store-0008", "store-0009"), List.of("store-0010"));
    assertThat(d.assign(List.of("store-0005", "store-0006"), "1.0")).containsExactly(
        List.of(), List.of("store-0005"), List.of("store-0006"));
  }

  @Test
  void eachStoreIsDealtOnceEvenWhenGivenTwice() {
    PatchWaveDefinition d = definition(4, "fleet", CANARY, sized("rest", "rest"));
    assertThat(d.assign(List.of("store-0003", "store-0001", "store-0003", "store-0004"), "1.0"))
        .containsExactly(List.of("store-0001"), List.of("store-0003", "store-0004"));
  }

  @Test
  void shuffledIsTheSameForABundleAndDiffersBetweenBundles() {
    PatchWaveDefinition d = definition(40, "shuffled", CANARY, sized("wave-1", "10%"), sized("wave-2", "25%"), sized("rest", "rest"));
    List<String> fleet = ids(1, 40);
    List<List<String>> first = d.assign(fleet, "2026.11.0");
    assertThat(d.assign(fleet, "2026.11.0")).isEqualTo(first);
    assertThat(definition(40, "shuffled", CANARY, sized("wave-1", "10%"), sized("wave-2", "25%"), sized("rest", "rest"))
        .assign(fleet, "2026.11.0")).as("on another load, on any JVM").isEqualTo(first);

    assertThat(first.get(0)).containsExactly("store-0002", "store-0001");
    assertThat(first.stream().map(List::size)).containsExactly(2, 4, 10, 24);
    assertThat(first.stream().flatMap(Collection::stream)).containsExactlyInAnyOrderElementsOf(fleet);
    assertThat(first.get(1)).isNotEqualTo(ids(3, 6));

    List<List<String>> next = d.assign(fleet, "2026.12.0");
    assertThat(next.get(0)).isEqualTo(first.get(0));
    assertThat(next.get(1)).isNotEqualTo(first.get(1));
    assertThat(next.stream().flatMap(Collection::stream)).containsExactlyInAnyOrderElementsOf(fleet);
  }

  @Test
  void shuffledKeepsTheOrderOfASubsetWhateverOrderItIsGivenIn() {
    PatchWaveDefinition d = definition(40, "shuffled", CANARY, sized("rest", "rest"));
    List<String> all = d.assign(ids(1, 40), "2026.11.0").get(1);
    List<String> subset = new ArrayList<>(ids(20, 40));
    List<String> expected = all.stream().filter(subset::contains).toList();
    java.util.Collections.reverse(subset);
    assertThat(d.assign(subset, "2026.11.0").get(1)).isEqualTo(expected);
  }

  @Test
  void fleetOrderFollowsTheOrderGiven() {
    PatchWaveDefinition d = definition(5, "fleet", sized("rest", "rest"));
    assertThat(d.assign(List.of(id(5), id(3), id(4)), "1.0")).containsExactly(List.of(id(5), id(3), id(4)));
  }

  @ParameterizedTest(name = "{0} of {1} stores: {2}")
  @CsvSource({
      "3, 0, 3", "3, 40, 3",
      "5%, 0, 1", "5%, 3, 1", "5%, 20, 1", "5%, 40, 2", "5%, 41, 3",
      "100%, 7, 7", "1.5%, 200, 3",
  })
  void maxFailuresResolvesAShareOfTheWaveRoundedUpAndAtLeastOne(String budget, int waveSize, int expected) {
    PatchWaveDefinition d = definition(5, "fleet",
        "{name: rest, size: rest, concurrency: 5, maxFailures: \"" + budget + "\", soak: 1h}");
    assertThat(d.maxFailures(0, waveSize)).isEqualTo(expected);
  }
}
