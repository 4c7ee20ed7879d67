package dev.edgerunbooks.activities.tokenrotation;

import static dev.edgerunbooks.activities.staging.LabSites.FAST;
import static dev.edgerunbooks.activities.staging.LabSites.STORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.edgerunbooks.activities.proxmox.ApiToken;
import dev.edgerunbooks.activities.proxmox.BackupGroup;
import dev.edgerunbooks.activities.proxmox.BackupVolume;
import dev.edgerunbooks.activities.proxmox.StorageConfig;
import dev.edgerunbooks.activities.proxmox.TaskLogLine;
import dev.edgerunbooks.activities.proxmox.Upid;
import dev.edgerunbooks.activities.staging.LabSites;
import dev.edgerunbooks.activities.store.StoreClients;
import dev.edgerunbooks.activities.vault.VaultCredentialSource;
import dev.edgerunbooks.activities.vault.VaultClient;
import dev.edgerunbooks.lab.Lab;
import dev.edgerunbooks.lab.LabCredentials;
import dev.edgerunbooks.lab.LabInspection;
import dev.edgerunbooks.workflows.common.FailureTypes;
import dev.edgerunbooks.workflows.tokenrotation.AccountToken;
import dev.edgerunbooks.workflows.tokenrotation.ApiAccount;
import dev.edgerunbooks.workflows.tokenrotation.StoreTokenActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store's token steps against the lab's store-0001 (PVE and PBS registries with ACLs) and its Vault
 * through the driver, the workers' credentials read through Vault as a site worker reads them: each
 * step twice leaves what once did. A PBS rotation keeps the store's backups working through PVE.
 */
class StoreTokenActivitiesImplTest {
  static final String NEW = "rot-20261124-abcdef";

  Lab lab;
  LabCredentials initial;
  VaultClient vault;
  StoreClients clients;
  TestActivityEnvironment env;
  StoreTokenActivities site;
  final List<String> failures = new ArrayList<>();

  @BeforeEach
  void start() {
    lab = Lab.start(LabSites.options().withTimeScale(0)); // a backup's task is over when it starts
    initial = lab.credentials(STORE);
    vault = LabSites.vault(lab);
    clients = new StoreClients(LabSites.store(lab, STORE),
        new VaultCredentialSource(vault, LabSites.credentials(lab), Duration.ZERO), FAST);
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new StoreTokenActivitiesImpl(clients, vault));
    site = LabSites.onceStub(env, StoreTokenActivities.class);
  }

  @AfterEach
  void stop() {
    try {
      // no failure message names a secret Vault holds or the lab's
      for (String secret : secrets()) {
        assertThat(failures).allSatisfy(f -> assertThat(f).doesNotContain(secret));
      }
    } finally {
      env.close();
      lab.close();
    }
  }

  List<String> secrets() {
    List<String> out = new ArrayList<>(List.of(initial.pveSecret(), initial.pbsSecret()));
    for (ApiAccount a : ApiAccount.values()) {
      vault.read(vault.paths().token(STORE, a)).ifPresent(e -> out.add(e.get("secret")));
      vault.read(vault.paths().pendingToken(STORE, a)).ifPresent(e -> out.add(e.get("secret")));
    }
    return out;
  }

  ApplicationFailure failure(Runnable call) {
    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class, call::run);
    assertThat(failure).as("the activity failed").isNotNull();
    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    failures.add(String.valueOf(cause));
    failures.add(String.valueOf(failure));
    return cause;
  }

  LabInspection.Permissions registry(ApiAccount account) {
    return account == ApiAccount.PVE ? lab.tokens(STORE).pve() : lab.tokens(STORE).pbs();
  }

  String user(ApiAccount account) {
    return account == ApiAccount.PVE ? "edgerun@pve" : "edgerun@pbs";
  }

  String oldId(ApiAccount account) {
    return account == ApiAccount.PVE ? initial.pveTokenId() : initial.pbsTokenId();
  }

  int ops(String kind) {
    return lab.operations(STORE).count(kind);
  }

  /** A call to the account's API with exactly this token. */
  void call(ApiAccount account, String tokenId, String secret) {
    if (account == ApiAccount.PVE) {
      clients.pveWithToken(tokenId, secret).clusterStatus();
    } else {
      clients.pbsWithToken(tokenId, secret).datastores();
    }
  }

  @Test
  void inspectGivesEachAccountsTokenInUseFromTheWorkersCredentials() {
    List<AccountToken> tokens = site.inspect(STORE);

    assertThat(tokens).extracting(AccountToken::account).containsExactly(ApiAccount.PVE, ApiAccount.PBS);
    assertThat(tokens.get(0).tokenId()).isEqualTo(initial.pveTokenId());
    assertThat(tokens.get(1).tokenId()).isEqualTo(initial.pbsTokenId());
    assertThat(tokens).allSatisfy(t -> {
      assertThat(t.expire()).as("the lab's tokens never expire").isNull();
      assertThat(t.otherTokens()).isEmpty();
    });
    assertThat(tokens.toString()).doesNotContain(initial.pveSecret()).doesNotContain(initial.pbsSecret());
  }

  @Test
  void aPveTokenRotatesAndLeavesExactlyOneValidToken() {
    rotation(ApiAccount.PVE);
  }

  @Test
  void aPbsTokenRotatesAndLeavesExactlyOneValidToken() {
    rotation(ApiAccount.PBS);
  }

  void rotation(ApiAccount account) {
    String old = oldId(account);
    String fresh = user(account) + "!" + NEW;
    Instant expire = Instant.now().plus(Duration.ofDays(90)).truncatedTo(ChronoUnit.SECONDS);

    assertThat(site.create(STORE, account, NEW, expire)).isEqualTo(fresh);
    assertThat(site.create(STORE, account, NEW, expire)).isEqualTo(fresh);
    assertThat(ops("create-token")).isEqualTo(1);
    assertThat(registry(account).token(fresh).expire()).isEqualTo(expire.getEpochSecond());
    assertThat(registry(account).token(fresh).privsep()).isTrue();
    Map<String, String> pending = vault.read(vault.paths().pendingToken(STORE, account)).orElseThrow();
    assertThat(pending).containsEntry("tokenid", fresh).containsKey("secret");

    site.grantAcl(STORE, account, fresh, old);
    int granted = ops("update-acl");
    site.grantAcl(STORE, account, fresh, old);
    assertThat(ops("update-acl")).isEqualTo(granted);
    assertThat(registry(account).acl(fresh)).extracting(e -> e.path() + " " + e.roleid() + " " + e.propagate())
        .containsExactlyInAnyOrderElementsOf(registry(account).acl(old).stream()
            .map(e -> e.path() + " " + e.roleid() + " " + e.propagate()).toList());

    site.verify(STORE, account, fresh);
    site.verify(STORE, account, fresh);
    assertThat(site.inUse(STORE, account)).as("not switched yet").isEqualTo(old);

    site.promote(STORE, account, fresh);
    site.promote(STORE, account, fresh);
    assertThat(vault.read(vault.paths().token(STORE, account)).orElseThrow())
        .isEqualTo(Map.of("tokenid", fresh, "secret", pending.get("secret")));
    assertThat(vault.read(vault.paths().pendingToken(STORE, account))).isEmpty();
    assertThat(site.inUse(STORE, account)).as("the worker reads Vault").isEqualTo(fresh);

    ApplicationFailure inUse = failure(() -> site.revoke(STORE, account, fresh));
    assertThat(inUse.getType()).isEqualTo(FailureTypes.INVALID_REQUEST);

    site.revoke(STORE, account, old);
    site.revoke(STORE, account, old);
    assertThat(ops("delete-token")).isEqualTo(1);
    assertThat(site.validTokens(STORE, account)).containsExactly(fresh);
    assertThat(registry(account).validTokens(user(account))).containsExactly(fresh);

    // the worker's clients now use the new token; the old secret is refused
    if (account == ApiAccount.PVE) {
      assertThat(clients.pve().clusterStatus()).isNotEmpty();
    } else {
      assertThat(clients.pbs().datastores()).isNotEmpty();
    }
    String oldSecret = account == ApiAccount.PVE ? initial.pveSecret() : initial.pbsSecret();
    ApplicationFailure refused = catchThrowableOfType(ApplicationFailure.class, () -> call(account, old, oldSecret));
    assertThat(refused.getType()).isEqualTo(FailureTypes.AUTH_FAILED);
    failures.add(refused.getOriginalMessage());
  }

  @Test
  void aTokenWithoutItsAclDoesNotWorkAndIsDiscardedLeavingTheOldOne() {
    String fresh = site.create(STORE, ApiAccount.PBS, NEW, Instant.now().plus(Duration.ofDays(90)));

    ApplicationFailure failure = failure(() -> site.verify(STORE, ApiAccount.PBS, fresh));
    assertThat(failure.getType()).isEqualTo(FailureTypes.TOKEN_NOT_WORKING);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains(fresh);

    site.revoke(STORE, ApiAccount.PBS, fresh);
    assertThat(vault.read(vault.paths().pendingToken(STORE, ApiAccount.PBS))).isEmpty();
    assertThat(site.validTokens(STORE, ApiAccount.PBS)).containsExactly(initial.pbsTokenId());
    call(ApiAccount.PBS, initial.pbsTokenId(), initial.pbsSecret());
  }

  @Test
  void aTokenWhoseSecretVaultLostIsCreatedAgain() {
    String fresh = site.create(STORE, ApiAccount.PVE, NEW, Instant.now().plus(Duration.ofDays(90)));
    String lost = vault.read(vault.paths().pendingToken(STORE, ApiAccount.PVE)).orElseThrow().get("secret");
    vault.delete(vault.paths().pendingToken(STORE, ApiAccount.PVE)); // the worker died before Vault had it

    assertThat(site.create(STORE, ApiAccount.PVE, NEW, Instant.now().plus(Duration.ofDays(90)))).isEqualTo(fresh);

    assertThat(ops("create-token")).isEqualTo(2);
    assertThat(ops("delete-token")).isEqualTo(1);
    String secret = vault.read(vault.paths().pendingToken(STORE, ApiAccount.PVE)).orElseThrow().get("secret");
    assertThat(secret).isNotEqualTo(lost);
    site.grantAcl(STORE, ApiAccount.PVE, fresh, initial.pveTokenId());
    site.verify(STORE, ApiAccount.PVE, fresh);
  }

  @Test
  void aSwitchThatFailsLeavesTheOldTokenWorking() {
    String fresh = site.create(STORE, ApiAccount.PVE, NEW, Instant.now().plus(Duration.ofDays(90)));
    site.grantAcl(STORE, ApiAccount.PVE, fresh, initial.pveTokenId());
    site.verify(STORE, ApiAccount.PVE, fresh);
    lab.vaultFaults().sealed(true);

    ApplicationFailure sealed = failure(() -> site.promote(STORE, ApiAccount.PVE, fresh));
    assertThat(sealed.getType()).isEqualTo(FailureTypes.VAULT_UNAVAILABLE);
    assertThat(sealed.isNonRetryable()).isFalse();
    assertThat(clients.pve().clusterStatus()).as("the old token, read before Vault was sealed").isNotEmpty();

    lab.vaultFaults().sealed(false);
    assertThat(site.inUse(STORE, ApiAccount.PVE)).isEqualTo(initial.pveTokenId());
    site.revoke(STORE, ApiAccount.PVE, fresh);
    assertThat(site.validTokens(STORE, ApiAccount.PVE)).containsExactly(initial.pveTokenId());
    call(ApiAccount.PVE, initial.pveTokenId(), initial.pveSecret());
  }

  // ---------------------------------------------------------------- backups through PVE

  /** Backs the guests up to pbs-store through PVE and waits for the task to end: the task. */
  Upid startBackup(String vmids) {
    Upid task = Upid.parse(clients.pve().post("/nodes/pve1/vzdump", Map.of("vmid", vmids, "storage", "pbs-store"),
        new TypeReference<String>() {}));
    clients.pve().awaitTaskEnd(task, p -> {});
    return task;
  }

  /** A backup's exit status. */
  String backup(String vmids) {
    Upid task = startBackup(vmids);
    return clients.pve().taskStatus(task.node(), task).exitstatus();
  }

  List<String> backupLog(String vmids) {
    Upid task = startBackup(vmids);
    return clients.pve().taskLog(task.node(), task, 0, 1000).stream().map(TaskLogLine::t).toList();
  }

  /** The newest backup of the guest as PVE lists pbs-store's content. */
  long newestListed(int vmid) {
    return clients.pve().storageContent("pve1", "pbs-store", "backup", vmid).stream()
        .mapToLong(BackupVolume::ctime).max().orElse(-1);
  }

  /** A new PBS token created, granted the old token's ACL and verified, its secret pending in Vault: its id. */
  String readyPbsToken(String name) {
    String tokenId = site.create(STORE, ApiAccount.PBS, name, Instant.now().plus(Duration.ofDays(90)));
    site.grantAcl(STORE, ApiAccount.PBS, tokenId, initial.pbsTokenId());
    site.verify(STORE, ApiAccount.PBS, tokenId);
    return tokenId;
  }

  String pendingPbsSecret() {
    return vault.read(vault.paths().pendingToken(STORE, ApiAccount.PBS)).orElseThrow().get("secret");
  }

  /** The owners of the store's backup groups, asked with the token {@code tokenId}. */
  Set<String> owners(String tokenId, String secret) {
    return clients.pbsWithToken(tokenId, secret).backupGroups("store").stream().map(BackupGroup::owner).collect(Collectors.toSet());
  }

  @Test
  void aPbsRotationMovesTheStorageAndTheBackupGroupsSoBackupsKeepWorking() {
    String old = initial.pbsTokenId();
    String fresh = readyPbsToken(NEW);
    String secret = pendingPbsSecret();
    assertThat(clients.pve().storage("pbs-store").username()).as("not switched yet").isEqualTo(old);

    site.promote(STORE, ApiAccount.PBS, fresh);
    site.promote(STORE, ApiAccount.PBS, fresh);
    assertThat(ops("update-storage")).isEqualTo(1);
    assertThat(ops("change-owner")).isEqualTo(6);
    StorageConfig storage = clients.pve().storage("pbs-store");
    assertThat(storage.username()).isEqualTo(fresh);
    assertThat(storage.toString()).doesNotContain(secret);
    assertThat(owners(fresh, secret)).containsExactly(fresh);

    site.revoke(STORE, ApiAccount.PBS, old);
    assertThat(registry(ApiAccount.PBS).validTokens("edgerun@pbs")).containsExactly(fresh);

    // PVE backs up with the new token into the groups it now owns, and lists and restores with it
    long before = newestListed(101);
    assertThat(backup("101,100")).isEqualTo("OK");
    long made = newestListed(101);
    assertThat(made).isGreaterThan(before);
    assertThat(newestListed(100)).isEqualTo(made);
    String volid = clients.pve().storageContent("pve1", "pbs-store", "backup", 101).stream()
        .filter(v -> v.ctime() == made).findFirst().orElseThrow().volid();
    Upid restore = clients.pve().restoreVm("pve1", 9101, volid, "ceph-vm");
    assertThat(clients.pve().awaitTaskEnd(restore, p -> {}).exitstatus()).isEqualTo("OK");
  }

  @Test
  void withoutTheGroupsTheNewTokensBackupsAreRefusedUntilThePromotionMovesThem() {
    String old = initial.pbsTokenId();
    String fresh = readyPbsToken(NEW);
    String secret = pendingPbsSecret();

    // the storage alone on the new token: it logs in and lists, but PBS refuses its backups into the old token's groups
    clients.pve().updatePbsStorageLogin("pbs-store", fresh, secret, null);
    long before = newestListed(101);
    List<String> refused = backupLog("101");
    assertThat(refused).contains("ERROR: Backup of VM 101 failed - VM 101 qmp command 'backup' failed - backup connect failed: "
        + "command error: backup owner check failed (" + fresh + " != " + old + ")", "TASK ERROR: job errors");
    assertThat(newestListed(101)).isEqualTo(before);

    // the promotion finds the storage switched already and gives the groups to the new token
    site.promote(STORE, ApiAccount.PBS, fresh);
    assertThat(ops("update-storage")).isEqualTo(1);
    assertThat(ops("change-owner")).isEqualTo(6);
    assertThat(backup("101")).isEqualTo("OK");
    assertThat(newestListed(101)).isGreaterThan(before);
  }

  @Test
  void revokingTheOldPbsTokenBeforeTheSwitchBreaksTheStoragesBackupsAndListings() {
    String old = initial.pbsTokenId();
    String fresh = readyPbsToken(NEW);
    String secret = pendingPbsSecret();

    clients.pbsWithToken(fresh, secret).deleteApiToken("edgerun@pbs", ApiToken.nameOf(old));

    assertThat(backup("101")).isEqualTo("could not activate storage 'pbs-store': pbs-store: error fetching datastores - 401 Unauthorized");
    ApplicationFailure listing = catchThrowableOfType(ApplicationFailure.class, () -> newestListed(101));
    assertThat(listing.getOriginalMessage()).contains("pbs-store: error fetching datastores - 401 Unauthorized");
    failures.add(listing.getOriginalMessage());
  }

  @Test
  void aStorageLeftOnATokenOfAnEarlierFailedSwitchMovesToo() {
    String old = initial.pbsTokenId();
    String earlier = readyPbsToken("rot-20261101-123456");
    String earlierSecret = pendingPbsSecret();
    // that switch moved the storage and a group, then failed before Vault changed: the workflow kept the old token and left
    // this one in place, for the next run to delete
    clients.pve().updatePbsStorageLogin("pbs-store", earlier, earlierSecret, null);
    clients.pbs().changeBackupOwner("store", "vm", "101", earlier);
    assertThat(site.inUse(STORE, ApiAccount.PBS)).isEqualTo(old);

    String fresh = readyPbsToken(NEW);
    String secret = pendingPbsSecret();
    site.promote(STORE, ApiAccount.PBS, fresh);

    assertThat(clients.pve().storage("pbs-store").username()).isEqualTo(fresh);
    assertThat(owners(fresh, secret)).containsExactly(fresh);
    site.revoke(STORE, ApiAccount.PBS, old);
    site.revoke(STORE, ApiAccount.PBS, earlier);
    assertThat(registry(ApiAccount.PBS).validTokens("edgerun@pbs")).containsExactly(fresh);
    assertThat(backup("101,100")).isEqualTo("OK");
  }
}
