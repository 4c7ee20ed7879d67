package dev.edgerunbooks.workflows.tokenrotation;

/** A store's service account whose API token is rotated. */
public enum ApiAccount {
  /** The PVE cluster's account ({@code edgerun@pve}). */
  PVE,
  /** The PBS account ({@code edgerun@pbs}). */
  PBS
}
