package dev.edgerunbooks.runbooks.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FleetDefinitionTest {
  private static FleetDefinition fleet;

  @BeforeAll
  static void load() {
    fleet = FleetLoader.parse(FleetSamples.generated(20), "fleet.yaml");
  }

  @Test
  void storeByIdIsOptional() {
    assertThat(fleet.store("store-0007")).map(StoreDefinition::id).contains("store-0007");
    assertThat(fleet.store("store-9999")).isEmpty();
  }

  @Test
  void storesOfKeepsTheOrderAskedAndDropsRepeats() {
    assertThat(fleet.storesOf(List.of("store-0003", "store-0001", "store-0003")))
        .extracting(StoreDefinition::id).containsExactly("store-0003", "store-0001");
  }

  @Test
  void storesOfListsEveryUnknownIdWithASuggestion() {
    UnknownStoreException e = catchThrowableOfType(UnknownStoreException.class,
        () -> fleet.storesOf(List.of("store-0001", "stroe-0002", "warehouse-9")));
    assertThat(e.unknownIds()).containsExactly("stroe-0002", "warehouse-9");
    assertThat(e.getMessage()).isEqualTo("unknown stores in fleet edge-bench: \"stroe-0002\" (did you mean "
        + "\"store-0002\"?), \"warehouse-9\" — use store ids from the fleet definition (20 stores)");
  }

  @Test
  void amongEquallyCloseIdsTheSuggestionIsTheFirstInTheFile() {
    // "store-001" is one edit from store-0001 and from store-0010 to store-0019.
    assertThat(catchThrowableOfType(UnknownStoreException.class, () -> fleet.storesOf(List.of("store-001"))))
        .hasMessageContaining("\"store-001\" (did you mean \"store-0001\"?)");
  }

  @Test
  void regionAndWaveViews() {
    assertThat(fleet.storesInRegion("us-east")).hasSize(10).allMatch(s -> s.region().equals("us-east"));
    assertThat(fleet.pilotStores()).extracting(StoreDefinition::id)
        .containsExactly("store-0001", "store-0002", "store-0003", "store-0004", "store-0005");
    assertThat(fleet.storesInWave("canary")).hasSize(5);
    assertThat(fleet.storesInWave("wave-1")).hasSize(15);
    assertThat(fleet.region("eu-central")).isPresent();
    assertThat(fleet.region("nowhere")).isEmpty();
  }

  @Test
  void recordsAreImmutable() {
    StoreDefinition store = fleet.stores().get(0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.guests().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> fleet.stores().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void apiTokenIdParsesAndPrints() {
    ApiTokenId token = ApiTokenId.parse("edgerun@pve!runbooks");
    assertThat(token).isEqualTo(new ApiTokenId("edgerun", "pve", "runbooks"));
    assertThat(token.value()).isEqualTo("edgerun@pve!runbooks");
    assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> ApiTokenId.parse("edgerun@pve")))
        .hasMessage("\"edgerun@pve\" is not an API token id");
  }
}
