package dev.edgerunbooks.runbooks.drdrill;

import static dev.edgerunbooks.runbooks.RunbookTests.assertOnlyProblem;
import static dev.edgerunbooks.runbooks.RunbookTests.committed;
import static dev.edgerunbooks.runbooks.RunbookTests.committedFleet;
import static dev.edgerunbooks.runbooks.RunbookTests.fleet;
import static dev.edgerunbooks.runbooks.RunbookTests.guest;
import static dev.edgerunbooks.runbooks.RunbookTests.problemsOf;
import static dev.edgerunbooks.runbooks.RunbookTests.store;
import static dev.edgerunbooks.runbooks.RunbookTests.withLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.edgerunbooks.runbooks.SourceLocation;
import dev.edgerunbooks.runbooks.ValidationProblem;
import dev.edgerunbooks.runbooks.fleet.FleetDefinition;
import dev.edgerunbooks.runbooks.fleet.GuestType;
import dev.edgerunbooks.runbooks.staging.StagingTimeouts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DrDrillLoaderTest {
  /** Every test below changes a line of it, so line numbers stay put. */
  static final String SAMPLE = """
      clusterName: drill
      provision:
        command: [reinstall, --site, "{site}", "--node={node}"]
        timeout: 50m
      ceph:
        network: 10.99.0.0/24
        pool:
          name: drill-vm
          size: 3
          minSize: 2
          pgNum: 64
        osdDevices: [/dev/nvme0n1, /dev/nvme1n1]
      isolatedBridge: vmbr9
      bootOrder: [dns, tokenization, pos]
      timeouts:
        restore: 20m
        boot: 4m
      targets:
        rpo: 26h
        rto: 4h
        phases:
          provision: 45m
          restore: 2h
      """;

  private static DrDrillDefinition parse(String yaml) {
    return DrDrillLoader.parse(yaml, "dr-drill.yaml");
  }

  @Test
  void readsEveryField() {
    DrDrillDefinition drill = parse(SAMPLE);

    assertThat(drill.clusterName()).isEqualTo("drill");
    assertThat(drill.provision().command()).containsExactly("reinstall", "--site", "{site}", "--node={node}");
    assertThat(drill.provision().timeout()).isEqualTo(Duration.ofMinutes(50));
    assertThat(drill.ceph().network()).isEqualTo("10.99.0.0/24");
    assertThat(drill.ceph().pool()).isEqualTo(
        new CephPoolDefinition("drill-vm", 3, 2, 64, new SourceLocation("dr-drill.yaml", 8, 5, "ceph.pool")));
    assertThat(drill.ceph().osdDevices()).containsExactly("/dev/nvme0n1", "/dev/nvme1n1");
    assertThat(drill.isolatedBridge()).isEqualTo("vmbr9");
    assertThat(drill.bootOrder()).containsExactly("dns", "tokenization", "pos");
    assertThat(drill.bootOrderLocation()).isEqualTo(new SourceLocation("dr-drill.yaml", 14, 12, "bootOrder"));
    assertThat(drill.timeouts()).isEqualTo(new StagingTimeouts(Duration.ofMinutes(20), Duration.ofMinutes(4)));
    assertThat(drill.targets()).isEqualTo(new DrillTargetsDefinition(Duration.ofHours(26), Duration.ofHours(4),
        Map.of(RtoPhase.PROVISION, Duration.ofMinutes(45), RtoPhase.RESTORE, Duration.ofHours(2))));
  }

  @Test
  void defaults() {
    DrDrillDefinition drill = parse("""
        clusterName: drill
        provision:
          command: [reinstall, "{node}"]
        ceph:
          network: fd00:99::/64
          pool: {name: drill-vm}
          osdDevices: [/dev/disk/by-id/nvme-SAMSUNG_1]
        isolatedBridge: vmbr0
        bootOrder: [dns]
        targets: {rpo: 1d, rto: 8h}
        """);
    assertThat(drill.provision().timeout()).isEqualTo(Duration.ofHours(1));
    assertThat(drill.ceph().pool()).extracting(CephPoolDefinition::size, CephPoolDefinition::minSize,
        CephPoolDefinition::pgNum).containsExactly(3, 2, 128);
    assertThat(drill.timeouts()).isEqualTo(StagingTimeouts.DEFAULT);
    assertThat(drill.targets().phases()).isEmpty();
  }

  @Test
  void theCommittedDrillFitsTheCommittedFleet() {
    DrDrillDefinition drill = DrDrillLoader.load(committed(DrDrillLoader.FILE_NAME));
    assertThat(drill.bootOrder()).containsExactly("dns", "tokenization", "inventory", "cache", "pos", "monitoring");
    assertThat(drill.targets().phases()).containsOnlyKeys(RtoPhase.values());
    assertThat(drill.problemsFor(committedFleet())).isEmpty();
  }

  @ParameterizedTest(name = "line {0}: {1}")
  @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
      "1|clusterName: edge-drill-cluster-1|1|14|clusterName|\"edge-drill-cluster-1\" is not a PVE cluster name"
          + "|use at most 15 letters, digits and dashes, starting and ending with a letter or digit",
      "3|  command: reinstall --node {node}|3|12|provision.command"
          + "|a command is a list of arguments, not the single text \"reinstall --node {node}\""
          + "|write [reinstall, --node, \"{node}\"]; no shell splits it",
      "3|  command: [reinstall, {node}]|3|24|provision.command[1]|{node} without quotes is a YAML mapping, not text"
          + "|quote it: \"{node}\"",
      "3|  command: [reinstall, \"{nod}\"]|3|24|provision.command[1]|unknown placeholder {nod}"
          + "|did you mean \"node\"? use {site} (the staging cluster's site id) and {node} (the node's name)",
      "3|  command: [reinstall, \"{site}\"]|3|12|provision.command|the command does not say which node to reinstall"
          + "|pass the node's name as \"{node}\", e.g. command: [/usr/local/sbin/reinstall-node, --site, \"{site}\", --node, \"{node}\"]",
      "6|  network: 10.99.0/24|6|12|ceph.network|\"10.99.0/24\" is not a network in CIDR notation"
          + "|write the network in CIDR notation, e.g. 10.99.0.0/24 or fd00:99::/64",
      "6|  network: 10.99.0.5/24|6|12|ceph.network|\"10.99.0.5/24\" has host bits set; the network is 10.99.0.0/24"
          + "|write the network in CIDR notation, e.g. 10.99.0.0/24 or fd00:99::/64",
      "6|  network: 10.299.0.0/16|6|12|ceph.network|\"10.299.0.0/16\" has an address part above 255"
          + "|write the network in CIDR notation, e.g. 10.99.0.0/24 or fd00:99::/64",
      "6|  network: 10.99.0.0/33|6|12|ceph.network|\"10.99.0.0/33\" has a prefix longer than 32 bits"
          + "|write the network in CIDR notation, e.g. 10.99.0.0/24 or fd00:99::/64",
      "6|  network: fd00:99::1/64|6|12|ceph.network|\"fd00:99::1/64\" has host bits set; the network is fd00:99:0:0:0:0:0:0/64"
          + "|write the network in CIDR notation, e.g. 10.99.0.0/24 or fd00:99::/64",
      "6|  network: fd00:::99/64|6|12|ceph.network|\"fd00:::99/64\" is not an IPv6 network"
          + "|write the network in CIDR notation, e.g. 10.99.0.0/24 or fd00:99::/64",
      "6|  network: ceph.example.com/24|6|12|ceph.network|\"ceph.example.com/24\" is not a network in CIDR notation"
          + "|write the network in CIDR notation, e.g. 10.99.0.0/24 or fd00:99::/64",
      "8|    name: drill:vm|8|11|ceph.pool.name|\"drill:vm\" is not a pool name"
          + "|the pool's RBD storage takes its name, so use lowercase letters, digits, '-', '_' or '.', starting with a letter, as in /storage",
      "9|    size: 8|9|11|ceph.pool.size|8 is out of range|write a number from 1 to 7",
      "10|    minSize: 4|10|14|ceph.pool.minSize|minSize 4 is more than size 3"
          + "|minSize is how many of the size replicas must be up for I/O: write at most 3, e.g. size 3 with minSize 2",
      "11|    pgNum: 100|11|12|ceph.pool.pgNum|pgNum 100 is not a power of two"
          + "|use 64 or 128: Ceph warns about other values, and the drill waits for HEALTH_OK",
      "12|  osdDevices: [/dev/nvme0n1, nvme1n1]|12|30|ceph.osdDevices[1]|\"nvme1n1\" is not a device path"
          + "|write the disk's path, e.g. /dev/nvme0n1 or /dev/disk/by-id/…",
      "12|  osdDevices: [/dev/nvme0n1, /dev/nvme0n1]|12|30|ceph.osdDevices[1]"
          + "|duplicate OSD device \"/dev/nvme0n1\" (first at line 12)|list each disk once",
      "12|  osdDevices: []|12|15|ceph.osdDevices|no OSD device is listed"
          + "|list at least one disk per node, e.g. osdDevices: [/dev/nvme0n1]",
      "13|isolatedBridge: eth9|13|17|isolatedBridge|\"eth9\" is not a PVE bridge name|write vmbr and a number, e.g. vmbr9",
      "14|bootOrder: [dns, pos, dns]|14|23|bootOrder[2]|duplicate role \"dns\" (first at line 14)"
          + "|list each role once, at its place in the dependency order",
      "14|bootOrder: dns|14|12|bootOrder|expected a list but found \"dns\""
          + "|write one \"- \" item per line, indented under this key",
      "14|bootOrder: []|14|12|bootOrder|the boot order is empty|list the guest roles in dependency order, e.g. [dns, pos]",
      "17|  boot: 0s|17|9|timeouts.boot|\"0s\" is not a positive duration"
          + "|write a positive duration such as 90s, 45m, 26h, 7d, 1w, 1h30m or ISO-8601 PT26H",
      "23|    restore: 5h|23|14|targets.phases.restore|the restore target 5h is longer than the rto 4h"
          + "|a phase is part of the RTO: lower it to at most 4h or raise targets.rto",
  })
  void eachMistakeIsNamedWhereItIs(int line, String replacement, int atLine, int atColumn, String path, String message,
      String fix) {
    assertOnlyProblem(() -> parse(withLine(SAMPLE, line, replacement)), "dr-drill.yaml", atLine, atColumn, path, message, fix);
  }

  @Test
  void unknownKeysSuggestTheClosest() {
    List<ValidationProblem> problems = problemsOf(() -> parse(
        withLine(withLine(withLine(SAMPLE, 11, "    pg_num: 64"), 22, "    provison: 45m"), 13, "isolatedBrige: vmbr9")));
    assertThat(problems).extracting(ValidationProblem::line, ValidationProblem::path, ValidationProblem::fix)
        .containsExactly(
            tuple(1, "isolatedBridge", "name the bridge restored guests are put on, one with no physical port and no"
                + " gateway, e.g. isolatedBridge: vmbr9"),
            tuple(11, "ceph.pool.pg_num", "did you mean \"pgNum\"? allowed keys here: name, size, minSize, pgNum"),
            tuple(13, "isolatedBrige", "did you mean \"isolatedBridge\"? allowed keys here: clusterName, provision, ceph,"
                + " isolatedBridge, bootOrder, timeouts, targets"),
            tuple(22, "targets.phases.provison", "did you mean \"provision\"? allowed keys here: provision, cluster, ceph,"
                + " storage, restore"));
  }

  @Test
  void missingRequiredFields() {
    assertThat(problemsOf(() -> parse("clusterName: drill\n"))).extracting(ValidationProblem::path)
        .containsExactly("provision", "ceph", "isolatedBridge", "bootOrder", "targets");
  }

  // ---- against a fleet ----

  @Test
  void everyRoleMustBeInTheBootOrder() {
    FleetDefinition fleet = fleet(3, List.of("eu"),
        store("store-0001", "eu", guest(100, "dns", GuestType.LXC, "dns"), guest(104, "pos", GuestType.QEMU, "pos"),
            guest(105, "tokens", GuestType.QEMU, "tokenisation")),
        store("store-0002", "eu", guest(105, "tokens", GuestType.QEMU, "tokenisation")));

    assertThat(parse(SAMPLE).problemsFor(fleet)).extracting(ValidationProblem::toString).containsExactly(
        "dr-drill.yaml:14:12: bootOrder: role \"tokenisation\" is not in the boot order, needed by store store-0001"
            + " guest 105 (tokens, qemu), store store-0002 guest 105 (tokens, qemu) — did you mean \"tokenization\"?"
            + " add \"tokenisation\" to bootOrder in dr-drill.yaml where it belongs in the dependency order");
  }

  @Test
  void theStagingClusterMustHoldEveryReplica() {
    FleetDefinition small = fleet(2, List.of("eu"), store("store-0001", "eu", guest(100, "dns", GuestType.LXC, "dns")));
    assertThat(parse(SAMPLE).problemsFor(small)).extracting(ValidationProblem::toString).containsExactly(
        "dr-drill.yaml:8:5: ceph.pool: size 3 needs 3 staging nodes, but region \"eu\" has 2 (stg1, stg2)"
            + " — add staging nodes to region eu in the fleet definition, or lower ceph.pool.size (and minSize) in dr-drill.yaml");
    FleetDefinition none = fleet(0, List.of("eu"), store("store-0001", "eu"), store("store-0002", "eu"));
    assertThat(parse(SAMPLE).problemsFor(none, List.of(none.stores().get(1)))).extracting(ValidationProblem::toString)
        .containsExactly("dr-drill.yaml:1:1: region \"eu\" has no staging cluster for the DR drill of store-0002"
            + " — declare staging: nodes: for region eu in the fleet definition, or leave its stores out of the DR drill");
  }
}
