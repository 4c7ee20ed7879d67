package dev.edgerunbooks.lab;

import dev.edgerunbooks.lab.Router.Request;
import dev.edgerunbooks.lab.Site.NodeState;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static dev.edgerunbooks.lab.PveApi.map;

/**
 * The packages of a node: {@code GET /nodes/{node}/apt/versions} as pve-manager's APT.pm answers it, and the out-of-band host
 * upgrade (apt-get dist-upgrade over SSH) that PVE has no API for.
 */
final class AptApi {
    /** What a store's node runs out of the box (PVE 9.1, November 2025). */
    static final Map<String, String> DEFAULT_PACKAGES = Collections.unmodifiableMap(new TreeMap<>(Map.ofEntries(
            Map.entry("proxmox-ve", "9.1.0"), Map.entry("pve-manager", "9.1.2"),
            Map.entry("proxmox-kernel-6.17", "6.17.2-1"), Map.entry("proxmox-kernel-6.17.2-1-pve-signed", "6.17.2-1"),
            Map.entry("ceph", "19.2.3-pve1"), Map.entry("ceph-common", "19.2.3-pve1"), Map.entry("ceph-fuse", "19.2.3-pve1"),
            Map.entry("corosync", "3.1.9-pve2"), Map.entry("libpve-storage-perl", "9.1.0"), Map.entry("lxc-pve", "6.0.5-3"),
            Map.entry("proxmox-backup-client", "4.0.20-1"), Map.entry("pve-cluster", "9.0.7"), Map.entry("pve-container", "6.0.18"),
            Map.entry("pve-firewall", "6.0.4"), Map.entry("pve-ha-manager", "5.0.8"), Map.entry("pve-qemu-kvm", "10.1.2-4"),
            Map.entry("qemu-server", "9.1.1"))));
    static final Pattern KERNEL = Pattern.compile("^(?:pve|proxmox)-kernel-.+");
    /** The kernel series' meta package ({@code proxmox-kernel-6.17}): it depends on the signed image of its version. */
    static final Pattern KERNEL_SERIES = Pattern.compile("^proxmox-kernel-\\d+\\.\\d+$");
    static final Pattern PACKAGE_NAME = Pattern.compile("^[a-z0-9][a-z0-9+.\\-]+$");
    static final Pattern VERSION = Pattern.compile("^(\\d+:)?[0-9][A-Za-z0-9.+~\\-]*$");
    /** The default pve-manager's git id (what {@code /version} and {@code pveversion} show). */
    static final String DEFAULT_REPOID = "4e5e1f0b3c6d8a29";

    /** Title, section, priority, architecture of the packages the lab knows (the rest: the name, admin, optional, amd64). */
    private static final Map<String, String[]> INFO = Map.ofEntries(
            Map.entry("proxmox-ve", new String[]{"Proxmox Virtual Environment", "admin", "optional", "all"}),
            Map.entry("pve-manager", new String[]{"Proxmox Virtual Environment Management Tools", "admin", "optional", "amd64"}),
            Map.entry("ceph", new String[]{"distributed storage and file system", "admin", "optional", "amd64"}),
            Map.entry("ceph-common", new String[]{"common utilities to mount and interact with a ceph storage cluster", "admin", "optional", "amd64"}),
            Map.entry("ceph-fuse", new String[]{"FUSE-based client for the Ceph distributed file system", "admin", "optional", "amd64"}),
            Map.entry("corosync", new String[]{"cluster engine daemon and utilities", "admin", "optional", "amd64"}),
            Map.entry("libpve-storage-perl", new String[]{"Proxmox VE storage management library", "perl", "optional", "all"}),
            Map.entry("lxc-pve", new String[]{"Linux containers userspace tools", "admin", "optional", "amd64"}),
            Map.entry("proxmox-backup-client", new String[]{"Proxmox Backup Client tools", "admin", "optional", "amd64"}),
            Map.entry("pve-cluster", new String[]{"\"pmxcfs\" distributed cluster filesystem for Proxmox Virtual Environment.", "admin", "optional", "amd64"}),
            Map.entry("pve-container", new String[]{"Proxmox VE Container management tool", "perl", "optional", "all"}),
            Map.entry("pve-firewall", new String[]{"Proxmox VE Firewall", "admin", "optional", "amd64"}),
            Map.entry("pve-ha-manager", new String[]{"Proxmox VE HA Manager", "perl", "optional", "amd64"}),
            Map.entry("pve-qemu-kvm", new String[]{"Full virtualization on x86 hardware", "admin", "optional", "amd64"}),
            Map.entry("qemu-server", new String[]{"Qemu Server Tools", "admin", "optional", "amd64"}));

    private AptApi() {}

    static void register(Router r) {
        r.add("GET", "/nodes/{node}/apt/versions", AptApi::versions, "node");
    }

    /**
     * Like APT.pm: proxmox-ve (with {@code RunningKernel}), pve-manager (with {@code ManagerVersion}), the kernels newest first,
     * then the rest by name. There is no newer candidate in the lab's repositories: {@code Version} is the installed
     * {@code OldVersion}.
     */
    static Object versions(Request q) {
        NodeState ns = q.site().nodeStates.get(q.p("node"));
        List<String> order = new ArrayList<>();
        for (String p : List.of("proxmox-ve", "pve-manager")) if (ns.packages.containsKey(p)) order.add(p);
        List<String> kernels = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String p : ns.packages.keySet()) {
            if (order.contains(p)) continue;
            (KERNEL.matcher(p).matches() ? kernels : rest).add(p);
        }
        kernels.sort((a, b) -> {
            int c = compareVersions(ns.packages.get(b), ns.packages.get(a));
            return c != 0 ? c : a.compareTo(b);
        });
        order.addAll(kernels);
        order.addAll(rest);
        List<Object> l = new ArrayList<>();
        for (String p : order) {
            String v = ns.packages.get(p);
            String[] info = INFO.getOrDefault(p, KERNEL.matcher(p).matches()
                    ? new String[]{p.endsWith("-signed") ? "Proxmox Kernel Image (signed)" : "Latest Proxmox Kernel Image", "admin", "optional", p.endsWith("-signed") ? "amd64" : "all"}
                    : new String[]{p, "admin", "optional", "amd64"});
            Map<String, Object> m = map("Package", p, "Title", info[0], "Description", info[0] + ".", "Origin", "Proxmox",
                    "Section", info[1], "Priority", info[2], "Arch", info[3], "Version", v, "OldVersion", v, "CurrentState", "Installed");
            if (p.equals("pve-manager")) m.put("ManagerVersion", managerVersion(v));
            if (p.equals("proxmox-ve")) m.put("RunningKernel", ns.runningKernel);
            l.add(m);
        }
        return l;
    }

    /** pve-manager's {@code version_text}: {@code 9.1.2/4e5e1f0b3c6d8a29}. */
    static String managerVersion(String version) {
        return version + "/" + repoid(version);
    }

    static String repoid(String version) {
        if (DEFAULT_PACKAGES.get("pve-manager").equals(version)) return DEFAULT_REPOID;
        return java.util.HexFormat.of().formatHex(Certs.sha256("pve-manager|" + version), 0, 8);
    }

    /** The pve-manager version a node runs (its API server restarts when the package is upgraded). */
    static String pveManager(Site s, String node) {
        NodeState ns = s.nodeStates.get(node);
        return ns == null ? DEFAULT_PACKAGES.get("pve-manager") : ns.packages.getOrDefault("pve-manager", DEFAULT_PACKAGES.get("pve-manager"));
    }

    /** The kernel release the boot loader starts: the newest installed kernel package ({@code 6.17.2-1-pve}); else {@code current}. */
    static String bootKernel(Map<String, String> packages, String current) {
        String best = null;
        for (Map.Entry<String, String> e : packages.entrySet()) {
            if (KERNEL.matcher(e.getKey()).matches() && (best == null || compareVersions(e.getValue(), best) > 0)) best = e.getValue();
        }
        return best == null ? current : best + "-pve";
    }

    /**
     * Installs the given package versions on a node, as {@code apt-get install pkg=version} over SSH would: idempotent (what is
     * installed already changes nothing and is not counted), refused while the node is down (409), failed by the
     * {@code failUpgrade} fault (500, dpkg's error) before anything changes.
     */
    static Lab.UpgradeResult upgrade(Site s, String node, Map<String, String> packages) {
        NodeState ns = s.nodeStates.get(node);
        if (ns == null) throw new NoSuchElementException("no node " + node + " in " + s.id);
        for (Map.Entry<String, String> e : packages.entrySet()) {
            if (e.getKey() == null || !PACKAGE_NAME.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("'" + e.getKey() + "' is not a Debian package name");
            }
            if (e.getValue() == null || !VERSION.matcher(e.getValue()).matches()) {
                throw new IllegalArgumentException("'" + e.getValue() + "' is not a Debian version (package " + e.getKey() + ")");
            }
        }
        s.settle();
        if (!s.nodeOnline(node)) {
            String why = s.reinstalling(node) ? "being reinstalled" : ns.poweredOff ? "shut down" : s.powerDown(node) ? "rebooting" : "offline";
            throw new ApiException(409, "cannot upgrade " + node + " of " + s.id + ": the node is " + why
                    + " (ssh: connect to host " + s.nodeIp(ns) + " port 22: Connection refused)");
        }
        Map<String, String> changing = new TreeMap<>();
        packages.forEach((p, v) -> {
            if (!v.equals(ns.packages.get(p))) changing.put(p, v);
        });
        for (Map.Entry<String, String> e : List.copyOf(changing.entrySet())) {
            // apt pulls in what a new kernel series version depends on: proxmox-kernel-<version>-pve-signed
            String image = "proxmox-kernel-" + e.getValue() + "-pve-signed";
            if (KERNEL_SERIES.matcher(e.getKey()).matches() && !ns.packages.containsKey(image)) changing.putIfAbsent(image, e.getValue());
        }
        if (!changing.isEmpty() && s.faults.failUpgrade.contains(node)) {
            String p = changing.keySet().iterator().next();
            throw new ApiException(500, "dpkg: error processing package " + p + " (--configure):\n installed " + p
                    + " package post-installation script subprocess returned error exit status 1\nErrors were encountered while processing:\n "
                    + p + "\nE: Sub-process /usr/bin/dpkg returned an error code (1)");
        }
        ns.packages.putAll(changing);
        if (!changing.isEmpty()) s.countOperation("upgrade-node", node);
        return new Lab.UpgradeResult(!changing.isEmpty(), !ns.runningKernel.equals(bootKernel(ns.packages, ns.runningKernel)));
    }

    /** dpkg's version order ({@code epoch:upstream-revision}, {@code ~} before everything, letters before other characters). */
    static int compareVersions(String a, String b) {
        int ea = a.indexOf(':') > 0 ? Integer.parseInt(a.substring(0, a.indexOf(':'))) : 0;
        int eb = b.indexOf(':') > 0 ? Integer.parseInt(b.substring(0, b.indexOf(':'))) : 0;
        if (ea != eb) return Integer.compare(ea, eb);
        a = a.substring(a.indexOf(':') + 1);
        b = b.substring(b.indexOf(':') + 1);
        int da = a.lastIndexOf('-'), db = b.lastIndexOf('-');
        int c = verrevcmp(da < 0 ? a : a.substring(0, da), db < 0 ? b : b.substring(0, db));
        return c != 0 ? c : verrevcmp(da < 0 ? "" : a.substring(da + 1), db < 0 ? "" : b.substring(db + 1));
    }

    private static int order(String s, int i) {
        if (i >= s.length()) return 0;
        char c = s.charAt(i);
        if (Character.isLetter(c)) return c;
        return c == '~' ? -1 : c + 256;
    }

    private static boolean digit(String s, int i) { return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9'; }

    private static int verrevcmp(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() || j < b.length()) {
            while ((i < a.length() && !digit(a, i)) || (j < b.length() && !digit(b, j))) {
                int ac = order(a, i), bc = order(b, j);
                if (ac != bc) return Integer.compare(ac, bc);
                i++;
                j++;
            }
            while (i < a.length() && a.charAt(i) == '0') i++;
            while (j < b.length() && b.charAt(j) == '0') j++;
            int firstDiff = 0;
            while (digit(a, i) && digit(b, j)) {
                if (firstDiff == 0) firstDiff = a.charAt(i) - b.charAt(j);
                i++;
                j++;
            }
            if (digit(a, i)) return 1;
            if (digit(b, j)) return -1;
            if (firstDiff != 0) return Integer.signum(firstDiff);
        }
        return 0;
    }
}
