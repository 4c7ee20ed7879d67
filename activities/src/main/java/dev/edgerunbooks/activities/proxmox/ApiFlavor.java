package dev.edgerunbooks.activities.proxmox;

/**
 * The two Proxmox APIs differ in the token header, the ticket cookie and the shape of an error body.
 */
public enum ApiFlavor {
  PVE("PVE", "PVEAPIToken=", '=', "PVEAuthCookie"),
  PBS("PBS", "PBSAPIToken=", ':', "PBSAuthCookie");

  private final String product;
  private final String tokenPrefix;
  private final char secretSeparator;
  private final String ticketCookie;

  ApiFlavor(String product, String tokenPrefix, char secretSeparator, String ticketCookie) {
    this.product = product;
    this.tokenPrefix = tokenPrefix;
    this.secretSeparator = secretSeparator;
    this.ticketCookie = ticketCookie;
  }

  public String product() {
    return product;
  }

  /** The {@code Authorization} value: PVE separates the secret with '=', PBS with ':'. */
  String authorization(String tokenId, String secret) {
    return tokenPrefix + tokenId + secretSeparator + secret;
  }

  /** The {@code Cookie} value that carries a ticket from {@code POST /access/ticket}. */
  String ticketCookie(String ticket) {
    return ticketCookie + "=" + ticket;
  }
}
