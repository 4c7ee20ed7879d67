package dev.edgerunbooks.lab;

import dev.edgerunbooks.lab.Router.Request;
import dev.edgerunbooks.lab.Site.NodeState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.edgerunbooks.lab.PveApi.map;

/**
 * A node's network configuration: changes go to a pending copy ({@code /etc/network/interfaces.new}) that {@code PUT
 * /nodes/{node}/network} applies (a {@code srvreload} task) and {@code DELETE /nodes/{node}/network} reverts.
 */
final class NetworkApi {
    static final List<String> TYPES = List.of("bridge", "bond", "eth", "alias", "vlan", "fabric", "OVSBridge", "OVSBond", "OVSPort", "OVSIntPort", "vnet", "unknown");
    /** Settings POST/PUT accept (besides iface, type, delete). */
    static final Set<String> SETTINGS = Set.of("address", "address6", "autostart", "bond-primary", "bond_mode", "bond_xmit_hash_policy", "bridge_ports",
            "bridge_vids", "bridge_vlan_aware", "cidr", "cidr6", "comments", "comments6", "gateway", "gateway6", "mtu", "netmask", "netmask6",
            "ovs_bonds", "ovs_bridge", "ovs_options", "ovs_ports", "ovs_tag", "slaves", "vlan-id", "vlan-raw-device");
    static final Set<String> INT_SETTINGS = Set.of("autostart", "bridge_vlan_aware", "mtu", "ovs_tag", "vlan-id");

    private NetworkApi() {}

    static void register(Router r) {
        r.add("GET", "/nodes/{node}/network", NetworkApi::list, "node");
        r.add("POST", "/nodes/{node}/network", q -> change(q, true), "node", "iface", "type");
        r.add("PUT", "/nodes/{node}/network", NetworkApi::apply, "node");
        r.add("DELETE", "/nodes/{node}/network", NetworkApi::revert, "node");
        r.add("GET", "/nodes/{node}/network/{iface}", NetworkApi::get, "node", "iface");
        r.add("PUT", "/nodes/{node}/network/{iface}", q -> change(q, false), "node", "iface", "type");
        r.add("DELETE", "/nodes/{node}/network/{iface}", NetworkApi::delete, "node", "iface");
    }

    static NodeState node(Request q) { return q.site().nodeStates.get(q.p("node")); }

    /** What the node's config files say: the pending version when there is one. */
    static Map<String, Map<String, Object>> current(NodeState ns) { return ns.pending != null ? ns.pending : ns.ifaces; }

    static Map<String, Map<String, Object>> pending(NodeState ns) {
        if (ns.pending == null) {
            ns.pending = new TreeMap<>();
            ns.ifaces.forEach((k, v) -> ns.pending.put(k, new LinkedHashMap<>(v)));
        }
        return ns.pending;
    }

    static Map<String, Object> view(NodeState ns, Map<String, Object> i) {
        Map<String, Object> m = new LinkedHashMap<>(i);
        Map<String, Object> live = ns.ifaces.get((String) i.get("iface"));
        if (live == null || !live.containsKey("active")) m.remove("active");
        return m;
    }

    static Object list(Request q) {
        NodeState ns = node(q);
        String type = q.p("type");
        List<Object> l = new ArrayList<>();
        for (Map<String, Object> i : current(ns).values()) {
            String t = (String) i.get("type");
            if (type != null && !(type.equals(t) || (type.equals("any_bridge") || type.equals("any_local_bridge")) && (t.equals("bridge") || t.equals("OVSBridge")))) continue;
            l.add(view(ns, i));
        }
        return l;
    }

    static Object get(Request q) {
        NodeState ns = node(q);
        Map<String, Object> i = current(ns).get(q.p("iface"));
        if (i == null) throw ApiException.param("iface", "interface does not exist");
        Map<String, Object> m = view(ns, i);
        m.putIfAbsent("method", "manual");
        return m;
    }

    static List<String> ports(String v) {
        List<String> l = new ArrayList<>();
        if (v == null) return l;
        for (String p : v.split("[,;\\s]+")) if (!p.isEmpty()) l.add(p);
        return l;
    }

    static Object change(Request q, boolean create) {
        NodeState ns = node(q);
        String iface = q.p("iface");
        String type = q.p("type");
        if (!TYPES.contains(type)) throw ApiException.param("type", "value '" + type + "' does not have a value in the enumeration '" + String.join(", ", TYPES) + "'");
        if (!iface.matches("[a-zA-Z][a-zA-Z0-9_.\\-]{1,19}")) throw ApiException.param("iface", "invalid format - value does not look like a valid interface name");
        if (type.equals("bridge") && !iface.matches("vmbr\\d{1,4}")) {
            throw ApiException.param("iface", "invalid bridge name '" + iface + "': bridges are named vmbrN (N = 0..9999)");
        }
        Map<String, Map<String, Object>> cfg = current(ns);
        Map<String, Object> old = cfg.get(iface);
        if (create && old != null) throw ApiException.param("iface", "interface already exists");
        if (!create && old == null) throw ApiException.param("iface", "interface does not exist");
        if (!create && !type.equals(old.get("type"))) throw ApiException.param("type", "interface type mismatch: '" + old.get("type") + "'");
        Map<String, Object> i = create ? Site.iface(iface, type, "method", "manual", "families", List.of("inet")) : new LinkedHashMap<>(old);
        String del = q.p("delete");
        if (!create && del != null) for (String k : del.split("[,;\\s\\x00]+")) i.remove(k);
        Map<String, String> errors = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : q.params().entrySet()) {
            String k = e.getKey(), v = e.getValue();
            if (k.equals("iface") || k.equals("type") || k.equals("delete") || k.equals("node")) continue;
            if (!SETTINGS.contains(k)) {
                errors.put(k, "property is not defined in schema and the schema does not allow additional properties");
                continue;
            }
            if (INT_SETTINGS.contains(k)) {
                if (!v.trim().matches("-?\\d+")) {
                    errors.put(k, "type check ('integer') failed - got '" + v + "'");
                    continue;
                }
                i.put(k, Integer.parseInt(v.trim()));
            } else {
                i.put(k, v);
            }
        }
        Object cidr = q.p("cidr");
        if (cidr != null) {
            String c = cidr.toString();
            if (!c.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) errors.put("cidr", "value does not look like a valid CIDRv4 network");
            else {
                i.put("address", c.substring(0, c.indexOf('/')));
                i.put("netmask", c.substring(c.indexOf('/') + 1));
            }
        }
        if (i.containsKey("address") || i.containsKey("cidr")) {
            i.put("method", "static");
            if (!i.containsKey("cidr") && i.containsKey("netmask")) i.put("cidr", i.get("address") + "/" + i.get("netmask"));
        }
        for (String p : ports((String) i.get("bridge_ports"))) {
            Map<String, Object> port = cfg.get(p);
            if (port == null) {
                errors.put("bridge_ports", "bridge port '" + p + "' does not exist");
                continue;
            }
            for (Map<String, Object> other : cfg.values()) {
                if (other.get("iface").equals(iface)) continue;
                if (ports((String) other.get("bridge_ports")).contains(p)) errors.put("bridge_ports", p + " is already used on interface '" + other.get("iface") + "'");
            }
        }
        if (i.get("gateway") != null) {
            for (Map<String, Object> other : cfg.values()) {
                if (!other.get("iface").equals(iface) && other.get("gateway") != null) {
                    errors.put("gateway", "Default gateway already exists on interface '" + other.get("iface") + "'.");
                }
            }
        }
        if (!errors.isEmpty()) throw new ApiException(400, "Parameter verification failed.", errors);
        if (type.equals("bridge")) {
            i.putIfAbsent("bridge_stp", "off");
            i.putIfAbsent("bridge_fd", "0");
        }
        i.put("priority", create ? nextPriority(cfg) : old.getOrDefault("priority", nextPriority(cfg)));
        i.remove("active");
        pending(ns).put(iface, i);
        return null;
    }

    static int nextPriority(Map<String, Map<String, Object>> cfg) {
        int p = 0;
        for (Map<String, Object> i : cfg.values()) if (i.get("priority") instanceof Integer n) p = Math.max(p, n);
        return p + 1;
    }

    static Object delete(Request q) {
        NodeState ns = node(q);
        String iface = q.p("iface");
        if (!current(ns).containsKey(iface)) throw ApiException.param("iface", "interface does not exist");
        pending(ns).remove(iface);
        return null;
    }

    static Object revert(Request q) {
        node(q).pending = null;
        return null;
    }

    /** {@code ifreload -a}: the pending configuration becomes the running one; interfaces with autostart (and uplinks) come up. */
    static Object apply(Request q) {
        Site s = q.site();
        NodeState ns = node(q);
        Map<String, Map<String, Object>> next = current(ns);
        Map<String, Map<String, Object>> applied = new TreeMap<>();
        for (Map.Entry<String, Map<String, Object>> e : next.entrySet()) {
            Map<String, Object> i = new LinkedHashMap<>(e.getValue());
            Map<String, Object> live = ns.ifaces.get(e.getKey());
            boolean up = (live != null && live.containsKey("active")) || Integer.valueOf(1).equals(i.get("autostart"));
            if (up) i.put("active", 1);
            else i.remove("active");
            applied.put(e.getKey(), i);
        }
        ns.ifaces = applied;
        ns.pending = null;
        return s.task(false, ns.name, "srvreload", "networking", q.authId(), PveApi.duration("srvreload"),
                List.of("ifreload -a"), tk -> "OK").upid;
    }
}
