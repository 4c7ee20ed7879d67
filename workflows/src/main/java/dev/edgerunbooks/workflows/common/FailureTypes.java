package dev.edgerunbooks.workflows.common;

/**
 * Stable type names of the {@code ApplicationFailure}s that activities throw, so workflows can tell a
 * store that is down from one that refuses us. Permanent ones are thrown non-retryable.
 */
public final class FailureTypes {
  /** The store's API could not be reached (connect refused, timeout, 595/596). Retryable. */
  public static final String STORE_UNREACHABLE = "StoreUnreachable";
  /** A 5xx from the API. Retryable. */
  public static final String API_SERVER_ERROR = "ProxmoxServerError";
  /** 401: the API token is wrong or expired. Permanent. */
  public static final String AUTH_FAILED = "ProxmoxAuthFailed";
  /** 403: the token lacks a privilege. Permanent. */
  public static final String PERMISSION_DENIED = "ProxmoxPermissionDenied";
  /** 400 or a parameter error: our request is wrong. Permanent. */
  public static final String BAD_REQUEST = "ProxmoxBadRequest";
  /** 404/501: no such object or route. Permanent. */
  public static final String NOT_FOUND = "ProxmoxNotFound";
  /** The node served a certificate whose SHA-256 fingerprint is not the pinned one. Permanent. */
  public static final String TLS_PIN_MISMATCH = "TlsPinMismatch";
  /** A Proxmox task ended with an exit status other than OK or WARNINGS. Permanent. */
  public static final String TASK_FAILED = "ProxmoxTaskFailed";
  /** A store id that the fleet definition does not know, or a worker asked about another store. */
  public static final String UNKNOWN_STORE = "UnknownStore";

  /** A runbook definition (restore-test.yaml, dr-drill.yaml, probes.yaml) does not validate. */
  public static final String RUNBOOK_INVALID = "RunbookInvalid";
  /** A request a run's planning refuses (a malformed week, a drill with no stores). Permanent. */
  public static final String INVALID_REQUEST = "InvalidRequest";
  /** A staging cluster cannot take restores (bridge not isolated, storage missing, node down). */
  public static final String STAGING_NOT_READY = "StagingNotReady";
  /** A restored guest did not come up in time. Permanent for that attempt. */
  public static final String GUEST_DID_NOT_BOOT = "GuestDidNotBoot";
  /** A bundle that is unsigned, tampered with, signed by another key, or older than the fleet runs. Permanent. */
  public static final String BUNDLE_REJECTED = "BundleRejected";
  /** A host upgrade (out of band) failed on a node. */
  public static final String UPGRADE_FAILED = "UpgradeFailed";
  /** Reinstalling a node out of band failed. */
  public static final String PROVISIONING_FAILED = "ProvisioningFailed";

  /** Vault cannot be reached or is sealed. Transient: retried with backoff. */
  public static final String VAULT_UNAVAILABLE = "VaultUnavailable";
  /** Vault refused the token the worker uses (403). Permanent until the policy is fixed. */
  public static final String VAULT_DENIED = "VaultPermissionDenied";
  /** The issuer (ACME or Vault PKI) did not give a certificate. Retried with a long backoff. */
  public static final String CERTIFICATE_NOT_ISSUED = "CertificateNotIssued";
  /** A node serves a custom certificate whose key Vault does not hold, so it could not be put back. Permanent. */
  public static final String CERTIFICATE_NOT_RESTORABLE = "CertificateNotRestorable";
  /** A new API token does not work against the API it is for. Permanent for that token. */
  public static final String TOKEN_NOT_WORKING = "TokenNotWorking";

  private FailureTypes() {}
}
