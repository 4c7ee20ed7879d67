package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One ACL entry ({@code GET /access/acl}): a role on a path for a user, group or token.
 *
 * @param type PVE {@code user}, {@code group} or {@code token}; PBS ({@code ugid_type}) {@code user}
 *     for users and tokens alike, or {@code group}
 * @param ugid the user, group or full token id
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AclEntry(String path, String roleid, @JsonAlias("ugid_type") String type, String ugid, boolean propagate) {}
