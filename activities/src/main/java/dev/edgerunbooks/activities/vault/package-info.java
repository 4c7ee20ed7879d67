/**
 * Vault, through the Vault Java driver: the site workers' API token secrets, the nodes' certificate
 * pins and certificates with their keys, and the fleet's ACME account key. Everything lives in one
 * KV version 2 mount ({@code secret} by default) under one prefix ({@code edge-runbooks} by default);
 * {@link dev.edgerunbooks.activities.vault.VaultPaths} is the layout, and the contract with operators
 * (their Vault policies grant a store's worker {@code <prefix>/stores/<store>/*} and read on {@code
 * <prefix>/acme/account}):
 *
 * <pre>
 * &lt;prefix&gt;/stores/&lt;store&gt;/tokens/pve                    {tokenid, secret}  the PVE token the workers use
 * &lt;prefix&gt;/stores/&lt;store&gt;/tokens/pbs                    {tokenid, secret}  the PBS token the workers use
 * &lt;prefix&gt;/stores/&lt;store&gt;/tokens/pve-pending            {tokenid, secret}  a new token, created and not yet switched to
 * &lt;prefix&gt;/stores/&lt;store&gt;/tokens/pbs-pending            {tokenid, secret}
 * &lt;prefix&gt;/stores/&lt;store&gt;/nodes/&lt;node&gt;/pins             {current, next}    SHA-256 fingerprints (AA:BB:…) a client trusts
 *                                                           for the node; next only while a new certificate is deployed
 * &lt;prefix&gt;/stores/&lt;store&gt;/nodes/&lt;node&gt;/certificate      {certificate, key, fingerprint, issuer}  the custom certificate
 *                                                           we deployed and proved (PEM chain, PEM PKCS#8 key)
 * &lt;prefix&gt;/stores/&lt;store&gt;/nodes/&lt;node&gt;/certificate-pending  {certificate, key, fingerprint, issuer}  issued, not yet proven
 * &lt;prefix&gt;/acme/account                                 {key, location}    the fleet's ACME account: PEM key pair, account URL
 * </pre>
 *
 * <p>A store whose {@code tokens/<account>} entry is absent uses the token of its credentials file
 * and the token id of the fleet definition; a node without a {@code pins} entry is pinned to the
 * fingerprint of the fleet definition. The first rotation writes the entries, and from then on Vault
 * wins. A {@code delete} removes an entry with all its versions (KV v2 metadata delete), so a
 * dropped key or secret is not kept in the entry's history.
 *
 * <p>No value read or written here ever appears in a message, a log line or a toString.
 */
package dev.edgerunbooks.activities.vault;
