package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /nodes/{node}/ceph/osd}: the cluster's CRUSH tree (root, hosts, OSDs) and the cluster
 * flags ({@code noout,…}; absent when none is set). Every node answers with the whole tree.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CephOsdTree(Item root, String flags) {

  /**
   * An item of the tree: the root, a host or an OSD.
   *
   * @param type {@code root}, {@code host} or {@code osd}
   * @param status for an OSD: {@code up} or {@code down}
   * @param host for an OSD: the host it is on
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Item(Integer id, String name, String type, String status, Boolean in, String host, List<Item> children) {
    public boolean up() {
      return "up".equals(status);
    }
  }

  /** The OSDs of {@code host}: under its host item, or naming it as their host. */
  public List<Item> osdsOf(String host) {
    List<Item> out = new ArrayList<>();
    collect(root, null, host, out);
    return out;
  }

  private static void collect(Item item, String underHost, String host, List<Item> out) {
    if (item == null) {
      return;
    }
    String hostHere = "host".equals(item.type()) ? item.name() : underHost;
    if ("osd".equals(item.type()) && (host.equals(item.host()) || host.equals(hostHere))) {
      out.add(item);
    }
    if (item.children() != null) {
      for (Item child : item.children()) {
        collect(child, hostHere, host, out);
      }
    }
  }
}
