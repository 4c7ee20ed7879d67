package dev.edgerunbooks.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.lab.LabOptions;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.FleetLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The embedded product points its workers at {@code runbooks/fleet.yaml}: it must match, port for
 * port and pin for pin, the fleet the lab serves with its defaults, or every store fails its TLS pin.
 */
class CommittedFleetTest {
  static final Path COMMITTED = Path.of("..", "runbooks", "fleet.yaml");

  @Test
  void committedFleetIsWhatTheLabGeneratesWithItsDefaults() throws Exception {
    String committed = Files.readString(COMMITTED);
    String generated;
    // base port 20000 as by default; the admin port is not part of the fleet, so any free one
    try (Lab lab = Lab.start(LabOptions.defaults().withAdminPort(0))) {
      generated = lab.fleetYaml();
    }

    assertThat(committed)
        .as("runbooks/fleet.yaml is stale: regenerate it from the lab's defaults: start the lab with defaults"
            + " and copy GET /lab/fleet.yaml over runbooks/fleet.yaml (or copy .edge-runbooks/fleet.yaml"
            + " written by ./edgerun up)")
        .isEqualTo(generated);
  }

  @Test
  void committedFleetLoadsWithTwentyStoresAndFivePilots() {
    FleetDefinition fleet = FleetLoader.load(COMMITTED);

    assertThat(fleet.name()).isEqualTo("edge-lab");
    assertThat(fleet.stores()).hasSize(20);
    assertThat(fleet.pilotStores()).hasSize(5);
  }
}
