package dev.edgerunbooks.runbooks.restoretest;

import static dev.edgerunbooks.runbooks.RunbookTests.guest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerunbooks.runbooks.IsoWeek;
import dev.edgerunbooks.runbooks.fleet.GuestDefinition;
import dev.edgerunbooks.runbooks.fleet.GuestType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RestoreRotationTest {
  private static final long PINNED_HASH = 0x25A737C18A5BFEF2L;

  private static List<GuestDefinition> guests(int count) {
    return IntStream.range(0, count).mapToObj(i -> guest(100 + i * 3, "g" + i, GuestType.QEMU, "pos")).toList();
  }

  @Test
  void everyGuestExactlyOnceInAnyNConsecutiveWeeks() {
    for (int n = 1; n <= 8; n++) {
      for (int count = 0; count <= 20; count++) {
        List<GuestDefinition> guests = guests(count);
        for (String store : List.of("store-0001", "store-0002", "x")) {
          for (long start : new long[] {-5, 0, 2_970, 2_971, 3_000}) {
            Map<Integer, Integer> times = new HashMap<>();
            for (long week = start; week < start + n; week++) {
              List<GuestDefinition> due = RestoreRotation.due(store, guests, n, week);
              assertThat(due.size()).as("n=%d count=%d week=%d", n, count, week)
                  .isBetween(count / n, (count + n - 1) / n);
              due.forEach(g -> times.merge(g.vmid(), 1, Integer::sum));
            }
            assertThat(times.keySet()).as("n=%d count=%d store=%s start=%d", n, count, store, start)
                .containsExactlyInAnyOrderElementsOf(guests.stream().map(GuestDefinition::vmid).toList());
            assertThat(times.values()).allMatch(t -> t == 1);
          }
        }
      }
    }
  }

  @Test
  void theSameInputsGiveTheSameSelectionWhateverTheGuestOrder() {
    List<GuestDefinition> guests = guests(11);
    List<GuestDefinition> shuffled = new ArrayList<>(guests);
    Collections.shuffle(shuffled, new Random(7));
    for (long week = 0; week < 10; week++) {
      List<GuestDefinition> due = RestoreRotation.due("store-0042", guests, 4, week);
      assertThat(RestoreRotation.due("store-0042", shuffled, 4, week)).isEqualTo(due);
      assertThat(due).isSortedAccordingTo((a, b) -> Integer.compare(a.vmid(), b.vmid()));
    }
  }

  @Test
  void theStoreOffsetIsAStableHashOfItsId() {
    // Pinned (printf store-0001 | sha256sum starts 25a737c18a5bfef2): no JVM or library change may move
    // every store's rotation.
    assertThat(RestoreRotation.stableHash("store-0001")).isEqualTo(PINNED_HASH);
    assertThat(RestoreRotation.offset("store-0001", 4)).isEqualTo(Math.floorMod(PINNED_HASH, 4));
    assertThat(IntStream.rangeClosed(1, 20).mapToObj(i -> RestoreRotation.offset(String.format("store-%04d", i), 4))
        .distinct().count()).as("offsets differ between stores").isEqualTo(4);
  }

  @Test
  void lessGuestsThanWeeksAreSpreadOut() {
    List<GuestDefinition> guests = guests(2);
    long first = IntStream.range(0, 6).filter(w -> !RestoreRotation.due("s", guests, 6, w).isEmpty()).findFirst().orElseThrow();
    assertThat(RestoreRotation.due("s", guests, 6, first)).hasSize(1);
    assertThat(RestoreRotation.due("s", guests, 6, first + 3)).hasSize(1).doesNotContainAnyElementsOf(
        RestoreRotation.due("s", guests, 6, first));
  }

  @Test
  void theFleetsWeeklyLoadIsEven() {
    List<GuestDefinition> guests = guests(6);
    int[] perWeek = new int[4];
    for (int s = 1; s <= 500; s++) {
      for (int w = 0; w < 4; w++) {
        perWeek[w] += RestoreRotation.due(String.format("store-%04d", s), guests, 4, w).size();
      }
    }
    assertThat(IntStream.of(perWeek).sum()).isEqualTo(3000);
    assertThat(IntStream.of(perWeek).boxed().toList()).allSatisfy(count -> assertThat(count).isBetween(650, 850));
  }

  @Test
  void theRotationRunsOnAcrossTheYearEnd() {
    List<GuestDefinition> guests = guests(6);
    IsoWeek week = IsoWeek.parse("2026-W50");
    List<List<GuestDefinition>> weeks = new ArrayList<>();
    for (int i = 0; i < 10; i++, week = week.plusWeeks(1)) {
      weeks.add(RestoreRotation.due("store-0007", guests, 4, week));
    }
    // 2026-W50 … W53, 2027-W01 … W06: any 4 consecutive weeks hold every guest once.
    for (int i = 0; i + 4 <= weeks.size(); i++) {
      assertThat(weeks.subList(i, i + 4).stream().flatMap(List::stream).toList())
          .containsExactlyInAnyOrderElementsOf(guests);
    }
    assertThat(RestoreRotation.due("store-0007", guests, 4, IsoWeek.parse("2027-W01")))
        .isEqualTo(RestoreRotation.due("store-0007", guests, 4, IsoWeek.parse("2026-W53").index() + 1));
  }

  @Test
  void aRotationOfOneWeekTakesEveryGuestEveryWeek() {
    assertThat(RestoreRotation.due("s", guests(5), 1, 12345)).isEqualTo(guests(5));
  }

  @Test
  void rotationWeeksMustBePositive() {
    assertThatThrownBy(() -> RestoreRotation.due("s", guests(5), 0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
  }
}
