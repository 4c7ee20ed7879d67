package dev.edgerunbooks.runbooks.fleet;

import dev.edgerunbooks.runbooks.Suggestions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A guest with the store it runs in, for checks whose messages must name both. */
public record StoreGuest(StoreDefinition store, GuestDefinition guest) {
  private static final int SHOWN = 3;

  /** {@code store-0001/104}, as reports and restore-test selections name a guest. */
  public String key() {
    return store.id() + "/" + guest.vmid();
  }

  /** The guests of {@code stores} by role, roles and guests in file order. */
  public static Map<String, List<StoreGuest>> byRole(Collection<StoreDefinition> stores) {
    Map<String, List<StoreGuest>> byRole = new LinkedHashMap<>();
    for (StoreDefinition store : stores) {
      for (GuestDefinition guest : store.guests()) {
        byRole.computeIfAbsent(guest.role(), r -> new ArrayList<>()).add(new StoreGuest(store, guest));
      }
    }
    return byRole;
  }

  /** The first few guests and how many more, for a message about many stores at once. */
  public static String describe(List<StoreGuest> guests) {
    return Suggestions.list(guests.stream().map(StoreGuest::toString).toList(), SHOWN);
  }

  /** {@code store store-0001 guest 104 (pos-gateway, qemu)}. */
  @Override
  public String toString() {
    return "store " + store.id() + " guest " + guest.vmid() + " (" + guest.name() + ", " + guest.type().apiName() + ")";
  }
}
