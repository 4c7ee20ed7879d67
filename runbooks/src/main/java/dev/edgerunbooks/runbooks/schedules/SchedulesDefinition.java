package dev.edgerunbooks.runbooks.schedules;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code runbooks/schedules.yaml}: every schedule, in file order, names unique.
 *
 * @param source the file it was read from
 */
public record SchedulesDefinition(Path source, List<ScheduleDefinition> schedules) {
  public SchedulesDefinition {
    schedules = List.copyOf(schedules);
    if (schedules.stream().map(ScheduleDefinition::name).distinct().count() != schedules.size()) {
      throw new IllegalArgumentException("schedule names must be unique");
    }
  }

  public Optional<ScheduleDefinition> find(String name) {
    return schedules.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public List<String> names() {
    return schedules.stream().map(ScheduleDefinition::name).toList();
  }
}
