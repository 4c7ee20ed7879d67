package dev.edgerunbooks.workers.schedules;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code edge.schedules.*}; see docs/schedules.md.
 *
 * @param enabled whether the central worker looks after schedules.yaml at all
 * @param file the schedules; default: schedules.yaml beside the other runbook files ({@code edge.runbooks-dir})
 * @param reconcileOnStart against a Temporal with a Schedules API, make its Schedules match the file when
 *     the central worker starts, as {@code edgerun schedules sync} does
 * @param tick how often the in-process trigger looks for due times (without a Schedules API)
 * @param stateFile where the in-process trigger keeps the last times handled and the pauses; default
 *     {@code schedules-state.json} in the data directory ({@code edge.embedded.data-dir})
 */
@ConfigurationProperties("edge.schedules")
public record ScheduleProperties(
    @DefaultValue("true") boolean enabled,
    Path file,
    @DefaultValue("true") boolean reconcileOnStart,
    @DefaultValue("1s") Duration tick,
    Path stateFile) {}
