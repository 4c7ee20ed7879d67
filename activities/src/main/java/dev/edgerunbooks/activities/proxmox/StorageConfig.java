package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A storage definition of the cluster ({@code GET /storage/{storage}}, {@code GET /storage}); the
 * password of a PBS storage is never returned.
 *
 * @param type {@code pbs}, {@code rbd}, {@code dir}, …
 * @param nodes the nodes it is restricted to, comma separated; null for every node
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StorageConfig(
    String storage,
    String type,
    String content,
    Boolean shared,
    Boolean disable,
    String nodes,
    String server,
    Integer port,
    String datastore,
    String namespace,
    String username,
    String fingerprint,
    String pool,
    Boolean krbd,
    String digest) {}
