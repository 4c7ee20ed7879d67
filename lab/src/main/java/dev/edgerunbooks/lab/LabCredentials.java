package dev.edgerunbooks.lab;

/** API tokens of one store: PVE {@code user@realm!token} + secret, PBS likewise. */
public record LabCredentials(String pveTokenId, String pveSecret, String pbsTokenId, String pbsSecret) {

    /** Value of the Authorization header for PVE. */
    public String pveAuthorization() { return "PVEAPIToken=" + pveTokenId + "=" + pveSecret; }

    /** Value of the Authorization header for PBS (colon before the secret). */
    public String pbsAuthorization() { return "PBSAPIToken=" + pbsTokenId + ":" + pbsSecret; }
}
