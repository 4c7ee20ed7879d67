package dev.edgerunbooks.lab;

import dev.edgerunbooks.lab.Router.Request;
import dev.edgerunbooks.lab.Site.Cluster;
import dev.edgerunbooks.lab.Site.NodeState;

import java.util.ArrayList;
import java.util.List;

import static dev.edgerunbooks.lab.PveApi.b;
import static dev.edgerunbooks.lab.PveApi.map;

/** Login tickets and cluster membership: {@code /access/ticket}, {@code /cluster/status}, {@code /cluster/config…}. */
final class ClusterApi {
    private ClusterApi() {}

    static void register(Router r) {
        r.add("POST", "/access/ticket", ClusterApi::login, "username", "password");
        r.add("GET", "/cluster/status", ClusterApi::status);
        r.addRootOnly("POST", "/cluster/config", ClusterApi::create, "clustername");
        r.add("GET", "/cluster/config/nodes", ClusterApi::configNodes);
        r.add("GET", "/cluster/config/join", ClusterApi::joinInfo);
        r.addRootOnly("POST", "/cluster/config/join", ClusterApi::join, "hostname", "fingerprint", "password");
    }

    /** {@code POST /access/ticket}: root@pam with the site's root password (or a valid ticket, to renew it). */
    static Object login(Request q) {
        Site s = q.site();
        Cluster c = q.cluster();
        String user = q.p("username");
        if (!user.contains("@")) user = user + "@" + q.p("realm", "pam");
        String password = q.p("password");
        long now = s.nowEpoch();
        boolean ok = user.equals(Site.ROOT) && (password.equals(s.creds.rootPassword()) || user.equals(Tickets.verify(c.authKey, password, now)));
        if (!ok) throw new ApiException(401, "authentication failure");
        return map("username", user, "ticket", Tickets.ticket(c.authKey, user, now), "CSRFPreventionToken", Tickets.csrf(c.authKey, user, now),
                "clustername", c.name);
    }

    static Object status(Request q) {
        Site s = q.site();
        Cluster c = q.cluster();
        List<Object> l = new ArrayList<>();
        if (!c.clustered()) {
            NodeState ns = s.nodeStates.get(q.servingNode());
            l.add(map("type", "node", "id", "node/" + ns.name, "name", ns.name, "nodeid", 0, "ip", s.nodeIp(ns), "online", 1, "local", 1, "level", ""));
            return l;
        }
        l.add(map("type", "cluster", "id", "cluster", "name", c.name, "quorate", b(s.quorate(c)), "nodes", c.members.size(),
                "version", c.configVersion));
        for (String n : c.members) {
            NodeState ns = s.nodeStates.get(n);
            l.add(map("type", "node", "id", "node/" + n, "name", n, "nodeid", c.nodeIds.get(n), "ip", s.nodeIp(ns),
                    "online", b(s.nodeOnline(n)), "local", b(n.equals(q.servingNode())), "level", ""));
        }
        return l;
    }

    static Object create(Request q) {
        Site s = q.site();
        Cluster c = q.cluster();
        String name = q.p("clustername");
        if (name.length() > 15) throw ApiException.param("clustername", "value may only be 15 characters long");
        if (!name.matches("[a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?")) {
            throw ApiException.param("clustername", "value does not match the regex pattern");
        }
        if (c.clustered()) throw ApiException.fail("cluster config '/etc/pve/corosync.conf' already exists");
        String node = q.servingNode();
        List<String> log = List.of("Corosync Cluster Engine Authentication key generator.", "Gathering 2048 bits for key from /dev/urandom.",
                "Writing corosync key to /etc/corosync/authkey.", "Writing corosync config to /etc/pve/corosync.conf", "Restart corosync and cluster filesystem");
        return s.task(false, node, "clustercreate", name, q.authId(), PveApi.duration("clustercreate"), log, tk -> {
            if (c.clustered()) return "cluster config '/etc/pve/corosync.conf' already exists";
            c.name = name;
            c.configVersion = 1;
            c.nodeIds.put(node, 1);
            return "OK";
        }).upid;
    }

    static Object configNodes(Request q) {
        Site s = q.site();
        Cluster c = q.cluster();
        List<Object> l = new ArrayList<>();
        if (!c.clustered()) return l;
        for (String n : c.members) {
            l.add(map("node", n, "name", n, "nodeid", String.valueOf(c.nodeIds.get(n)), "quorum_votes", "1", "ring0_addr", s.nodeIp(s.nodeStates.get(n))));
        }
        return l;
    }

    static String configDigest(Cluster c) {
        return java.util.HexFormat.of().formatHex(Certs.sha256("corosync.conf|" + c.name + "|" + c.configVersion + "|" + c.members), 0, 20);
    }

    static Object joinInfo(Request q) {
        Site s = q.site();
        Cluster c = q.cluster();
        if (!c.clustered()) throw ApiException.fail("node is not in a cluster, no join info available!");
        String preferred = q.p("node", q.servingNode());
        if (!c.members.contains(preferred)) throw ApiException.fail("unknown node '" + preferred + "'");
        List<Object> nodelist = new ArrayList<>();
        for (String n : c.members) {
            String ip = s.nodeIp(s.nodeStates.get(n));
            nodelist.add(map("name", n, "nodeid", c.nodeIds.get(n), "pve_addr", ip, "pve_fp", s.fileFingerprint(n),
                    "quorum_votes", 1, "ring0_addr", ip));
        }
        return map("nodelist", nodelist, "preferred_node", preferred,
                "totem", map("cluster_name", c.name, "config_version", String.valueOf(c.configVersion), "interface", map("0", map("linknumber", "0")),
                        "ip_version", "ipv4-6", "link_mode", "passive", "secauth", "on", "version", "2"),
                "config_digest", configDigest(c));
    }

    /** The node {@code host} names: node name, {@code <node>.<site>.lab}, its cluster address, or {@code 127.0.0.1:<port>}. */
    static String resolve(Site s, String host) {
        String h = host.trim();
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        for (NodeState ns : s.nodeStates.values()) {
            NodeServer srv = s.servers.get(ns.name);
            if (h.equals(ns.name) || h.equals(ns.name + "." + s.id + ".lab") || h.equals(s.nodeIp(ns))
                    || h.equals("127.0.0.1:" + srv.port) || h.equals("localhost:" + srv.port)) {
                return ns.name;
            }
        }
        return null;
    }

    /** {@code POST /cluster/config/join} on the joining node: a task that checks the peer's fingerprint and root password. */
    static Object join(Request q) {
        Site s = q.site();
        String me = q.servingNode();
        NodeState mine = s.nodeStates.get(me);
        String host = q.p("hostname");
        String fp = q.p("fingerprint");
        if (!fp.matches("([A-Fa-f0-9]{2}:){31}[A-Fa-f0-9]{2}")) throw ApiException.param("fingerprint", "value does not match the regex pattern");
        String password = q.p("password");
        boolean force = q.bool("force");
        List<String> log = new ArrayList<>(List.of("Establishing API connection with host '" + host + "'"));
        return s.task(false, me, "clusterjoin", "", q.authId(), PveApi.duration("clusterjoin"), log, tk -> {
            if (mine.cluster.clustered()) return "detected the following error(s):\n* corosync is already running, is this node already in a cluster?!";
            if (!mine.cluster.guests.isEmpty() && !force) return "detected the following error(s):\n* this host already contains virtual guests";
            String peer = resolve(s, host);
            if (peer == null) return "500 Can't connect to " + host + ":8006 (Name or service not known)";
            if (!s.nodeOnline(peer) || peer.equals(me)) return "500 Can't connect to " + host + ":8006 (Connection refused)";
            String actual = s.servers.get(peer).served().fingerprint();
            if (!actual.equalsIgnoreCase(fp)) return "500 Can't connect to " + host + ":8006 (fingerprint '" + actual + "' not verified, abort!)";
            if (!password.equals(s.creds.rootPassword())) return "401 authentication failure";
            Cluster pc = s.view(peer);
            if (!pc.clustered()) return "error fetching join information: node is not in a cluster, no join info available!";
            if (pc.members.contains(me)) return "detected the following error(s):\n* node '" + me + "' already exists in the cluster";
            tk.log.add("Login succeeded.");
            tk.log.add("Request addition of this node");
            int id = 1;
            for (int v : pc.nodeIds.values()) id = Math.max(id, v + 1);
            pc.members.add(me);
            pc.nodeIds.put(me, id);
            pc.configVersion++;
            mine.cluster = pc; // pmxcfs now syncs the cluster's config: its storages, guests, Ceph, auth key
            tk.log.add("successfully added node '" + me + "' to cluster.");
            return "OK";
        }).upid;
    }

}
