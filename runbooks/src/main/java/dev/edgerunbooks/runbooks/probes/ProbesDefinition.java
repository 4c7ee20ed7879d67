package dev.edgerunbooks.runbooks.probes;

import dev.edgerunbooks.runbooks.SourceLocation;
import dev.edgerunbooks.runbooks.Suggestions;
import dev.edgerunbooks.runbooks.ValidationProblem;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.GuestDefinition;
import dev.edgerunbooks.runbooks.fleet.GuestType;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreGuest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The application probes by guest role, as {@code runbooks/probes.yaml} declares them; load it with
 * {@link ProbesLoader}. Shared by the restore test, the DR drill and patch waves.
 *
 * @param roles by role, in file order
 * @param location the {@code probes:} mapping, where a missing role is reported
 */
public record ProbesDefinition(Map<String, RoleProbe> roles, SourceLocation location) {

  public ProbesDefinition {
    roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
    Objects.requireNonNull(location, "location");
  }

  public Optional<RoleProbe> probe(String role) {
    return Optional.ofNullable(roles.get(role));
  }

  /** The probe that can check {@code guest}; empty when its role has none for its type. */
  public Optional<RoleProbe> probeFor(GuestDefinition guest) {
    return probe(guest.role()).filter(p -> p.suits(guest.type()));
  }

  /** {@link #problemsFor(Collection)} for every store of the fleet. */
  public List<ValidationProblem> problemsFor(FleetDefinition fleet) {
    return problemsFor(fleet.stores());
  }

  /**
   * Every guest of {@code stores} must have a probe for its role that suits its type: exec for a VM,
   * interface for a container. One problem per role (and type) names the guests that lack it.
   */
  public List<ValidationProblem> problemsFor(Collection<StoreDefinition> stores) {
    List<ValidationProblem> problems = new ArrayList<>();
    StoreGuest.byRole(stores).forEach((role, guests) -> {
      RoleProbe probe = roles.get(role);
      if (probe == null) {
        problems.add(location.problem(
            "no probe for role \"" + role + "\", needed by " + StoreGuest.describe(guests),
            Suggestions.didYouMean(role, roles.keySet()) + "add \"" + role + "\" under probes: in " + location.file()
                + " with " + needs(guests)));
        return;
      }
      for (GuestType type : GuestType.values()) {
        List<StoreGuest> unsuited = guests.stream()
            .filter(g -> g.guest().type() == type && !probe.suits(type))
            .toList();
        if (!unsuited.isEmpty()) {
          problems.add(probe.location().problem(
              "role \"" + role + "\" has no " + (type == GuestType.QEMU ? "exec" : "interface")
                  + " probe, needed by " + StoreGuest.describe(unsuited),
              "add " + need(type) + " to probes." + role + " in " + location.file()));
        }
      }
    });
    return problems;
  }

  private static String needs(List<StoreGuest> guests) {
    return String.join(" and ", guests.stream().map(g -> g.guest().type()).distinct().sorted()
        .map(ProbesDefinition::need).toList());
  }

  private static String need(GuestType type) {
    return switch (type) {
      case QEMU -> "exec: [command, args…] for qemu guests (run by the guest agent)";
      case LXC -> "interface: eth0 for lxc guests (PVE has no exec API for containers)";
    };
  }
}
