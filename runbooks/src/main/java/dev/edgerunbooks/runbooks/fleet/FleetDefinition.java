package dev.edgerunbooks.runbooks.fleet;

import dev.edgerunbooks.runbooks.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The fleet as {@code runbooks/fleet.yaml} declares it; load it with {@link FleetLoader}. */
public record FleetDefinition(
    String name, FleetDefaults defaults, List<RegionDefinition> regions, List<StoreDefinition> stores) {

  public FleetDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(defaults, "defaults");
    regions = List.copyOf(regions);
    stores = List.copyOf(stores);
  }

  public Optional<StoreDefinition> store(String id) {
    return stores.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  public Optional<RegionDefinition> region(String id) {
    return regions.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /**
   * The stores with these ids, in the order asked, each once.
   *
   * @throws UnknownStoreException listing every id the fleet lacks, with the closest known id for each
   */
  public List<StoreDefinition> storesOf(List<String> ids) {
    // In file order, so among equally close ids the suggestion is the first one the file lists.
    Map<String, StoreDefinition> byId = new LinkedHashMap<>(stores.size() * 2);
    stores.forEach(s -> byId.put(s.id(), s));
    List<StoreDefinition> found = new ArrayList<>(ids.size());
    List<String> unknown = new ArrayList<>();
    for (String id : new LinkedHashSet<>(ids)) {
      StoreDefinition store = byId.get(id);
      if (store == null) {
        unknown.add(id);
      } else {
        found.add(store);
      }
    }
    if (!unknown.isEmpty()) {
      StringBuilder message = new StringBuilder()
          .append(unknown.size() == 1 ? "unknown store " : "unknown stores ")
          .append("in fleet ").append(name).append(':');
      for (String id : unknown) {
        message.append(' ').append('"').append(id).append('"');
        Suggestions.closest(id, byId.keySet()).ifPresent(c -> message.append(" (did you mean \"").append(c).append("\"?)"));
        message.append(',');
      }
      message.setLength(message.length() - 1);
      message.append(" — use store ids from the fleet definition (").append(stores.size()).append(" stores)");
      throw new UnknownStoreException(unknown, message.toString());
    }
    return List.copyOf(found);
  }

  public List<StoreDefinition> storesInRegion(String regionId) {
    return stores.stream().filter(s -> s.region().equals(regionId)).toList();
  }

  public List<StoreDefinition> pilotStores() {
    return stores.stream().filter(StoreDefinition::pilot).toList();
  }

  public List<StoreDefinition> storesInWave(String wave) {
    return stores.stream().filter(s -> s.wave().filter(wave::equals).isPresent()).toList();
  }
}
