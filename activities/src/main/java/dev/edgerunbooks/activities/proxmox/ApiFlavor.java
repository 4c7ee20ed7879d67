package dev.edgerunbooks.activities.proxmox;

/** The two Proxmox APIs differ in the token header and in the shape of an error body. */
public enum ApiFlavor {
  PVE("PVE", "PVEAPIToken=", '='),
  PBS("PBS", "PBSAPIToken=", ':');

  private final String product;
  private final String tokenPrefix;
  private final char secretSeparator;

  ApiFlavor(String product, String tokenPrefix, char secretSeparator) {
    this.product = product;
    this.tokenPrefix = tokenPrefix;
    this.secretSeparator = secretSeparator;
  }

  public String product() {
    return product;
  }

  /** The {@code Authorization} value: PVE separates the secret with '=', PBS with ':'. */
  String authorization(String tokenId, String secret) {
    return tokenPrefix + tokenId + secretSeparator + secret;
  }
}
