package dev.edgerunbooks.workflows.evidence;

/**
 * One piece of a store's configuration or state, already stripped of secrets and personal data.
 *
 * @param id what it is, stable from night to night: {@code node/pve1/version}, {@code
 *     guest/101/config}, {@code firewall/cluster/rules}, {@code storage/ceph-vm}, {@code
 *     node/pve1/certificate}, {@code backup/101}, {@code ceph/health}, {@code bundle}
 * @param json the item's data as canonical JSON (RFC 8785: sorted keys, no insignificant
 *     whitespace, ECMAScript number formatting); its SHA-256 is the item's hash
 */
public record EvidenceItem(String id, String json) {}
