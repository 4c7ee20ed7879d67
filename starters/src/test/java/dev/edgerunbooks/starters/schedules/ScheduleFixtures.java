package dev.edgerunbooks.starters.schedules;

import dev.edgerunbooks.runbooks.fleet.ClusterDefinition;
import dev.edgerunbooks.runbooks.fleet.FleetDefaults;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.NodeDefinition;
import dev.edgerunbooks.runbooks.fleet.PbsDefinition;
import dev.edgerunbooks.runbooks.fleet.RegionDefinition;
import dev.edgerunbooks.runbooks.fleet.StoreDefinition;
import dev.edgerunbooks.runbooks.schedules.ScheduleDefinition;
import dev.edgerunbooks.runbooks.schedules.ScheduleLoader;
import dev.edgerunbooks.runbooks.schedules.SchedulesDefinition;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Schedules of a small fleet, as the loader reads them. */
public final class ScheduleFixtures {
  private static final String FP =
      "01:08:0F:16:1D:24:2B:32:39:40:47:4E:55:5C:63:6A:71:78:7F:86:8D:94:9B:A2:A9:B0:B7:BE:C5:CC:D3:DA";
  public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

  public static final String YAML = """
      schedules:
        - {name: nightly, runbook: backup-verify, input: {concurrency: 10}, cron: "30 5 * * *", timeZone: Europe/Berlin,
           jitter: 10m, catchupWindow: 6h}
        - {name: evidence, runbook: evidence, calendar: {at: "23:30"}, timeZone: UTC}
        - {name: weekly, runbook: restore-test, calendar: {days: [sun], at: "04:00"}, timeZone: Europe/Berlin,
           overlap: buffer-one}
        - {name: drill, runbook: dr-drill, input: {stores: [store-0001, store-0002]},
           calendar: {months: [jan, apr, jul, oct], daysOfMonth: ["8-14"], days: [tue], at: "09:00"},
           timeZone: Europe/Berlin, pauseOnFailure: true}
        - {name: certs, runbook: cert-rotation, input: {force: true}, calendar: {at: ["01:00", "13:00"]}, timeZone: Europe/Berlin}
        - {name: tokens, runbook: token-rotation, input: {dryRun: true}, cron: "0 1 * * *", timeZone: Europe/Berlin}
      """;

  private ScheduleFixtures() {}

  public static FleetDefinition fleet() {
    ClusterDefinition cluster = new ClusterDefinition(List.of(new NodeDefinition("pve1", URI.create("https://127.0.0.1:20000"), FP)));
    PbsDefinition pbs = new PbsDefinition(URI.create("https://10.0.0.20:8007"), FP, "store", "pbs-store", Optional.empty());
    List<StoreDefinition> stores = List.of("store-0001", "store-0002").stream()
        .map(id -> new StoreDefinition(id, "eu", ZoneId.of("Europe/Berlin"), false, Optional.empty(), cluster, pbs, List.of()))
        .toList();
    return new FleetDefinition("test", FleetDefaults.STANDARD,
        List.of(new RegionDefinition("eu", ZoneId.of("Europe/Berlin"), Optional.empty())), stores);
  }

  public static SchedulesDefinition schedules(String yaml) {
    return ScheduleLoader.parse(yaml, "schedules.yaml", fleet(), CLOCK);
  }

  public static SchedulesDefinition schedules() {
    return schedules(YAML);
  }

  public static ScheduleDefinition schedule(String name) {
    return schedules().find(name).orElseThrow();
  }
}
