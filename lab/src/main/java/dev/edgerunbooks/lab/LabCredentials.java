package dev.edgerunbooks.lab;

/**
 * Credentials of one store or staging cluster: PVE {@code user@realm!token} + secret, PBS likewise, and the PVE root login
 * ({@code root@pam} and its password, for the root-only calls such as creating or joining a cluster).
 */
public record LabCredentials(String pveTokenId, String pveSecret, String pbsTokenId, String pbsSecret, String rootUser, String rootPassword) {

    /** Value of the Authorization header for PVE. */
    public String pveAuthorization() { return "PVEAPIToken=" + pveTokenId + "=" + pveSecret; }

    /** Value of the Authorization header for PBS (colon before the secret). */
    public String pbsAuthorization() { return "PBSAPIToken=" + pbsTokenId + ":" + pbsSecret; }
}
