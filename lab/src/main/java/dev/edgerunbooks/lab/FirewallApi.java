package dev.edgerunbooks.lab;

import dev.edgerunbooks.lab.Router.Request;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The firewall routes of Proxmox VE (pve-firewall's {@code PVE::API2::Firewall::*}): cluster options and rules (read and write),
 * and a node's or a guest's options and rules (read only). Every parameter is checked against the schema's declaration
 * ({@link #spec}) before the handler runs, as PVE's JSON schema validation does; a rule is then checked like
 * {@code PVE::Firewall::verify_rule} (the first problem is the error).
 */
final class FirewallApi {
    private FirewallApi() {}

    static final List<String> LOG_LEVELS = List.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug", "nolog");
    static final List<String> RULE_TYPES = List.of("in", "out", "forward", "group");
    static final List<String> POLICIES = List.of("ACCEPT", "REJECT", "DROP");
    static final String GROUP_NAME = "[A-Za-z][A-Za-z0-9\\-\\_]+";
    static final String ALIAS_NAME = "[A-Za-z][A-Za-z0-9\\-\\_]+";
    /** Options of {@code cluster.fw}, as {@code PUT /cluster/firewall/options} takes them. */
    static final Set<String> CLUSTER_OPTIONS = Set.of("enable", "policy_in", "policy_out", "policy_forward", "ebtables", "log_ratelimit");
    /** What a rule keeps ({@code $rule_properties} without {@code pos} and {@code digest}, plus the computed {@code ipversion}). */
    static final List<String> RULE_KEYS = List.of("type", "action", "macro", "iface", "source", "dest", "proto", "dport", "sport",
            "icmp-type", "log", "enable", "comment");
    static final Set<String> RULE_PROPERTIES;

    static {
        java.util.HashSet<String> s = new java.util.HashSet<>(RULE_KEYS);
        s.add("pos");
        s.add("digest");
        RULE_PROPERTIES = Collections.unmodifiableSet(s);
    }

    /** PVE's firewall macros ({@code $pve_fw_macros}); names match case-insensitively and are stored as spelled here. */
    static final List<String> MACROS = List.of("Amanda", "Auth", "BGP", "BitTorrent", "BitTorrent32", "CVS", "Ceph", "Citrix", "DAAP",
            "DCC", "DHCPfwd", "DHCPv6", "DNS", "Distcc", "FTP", "Finger", "GNUnet", "GRE", "Git", "HKP", "HTTP", "HTTPS", "ICPV2", "ICQ",
            "IMAP", "IMAPS", "IPIP", "IPsec", "IPsecah", "IPsecnat", "IRC", "Jetdirect", "L2TP", "LDAP", "LDAPS", "MDNS", "MSNP", "MSSQL",
            "Mail", "Munin", "MySQL", "NNTP", "NNTPS", "NTP", "NeighborDiscovery", "OSPF", "OpenVPN", "PCA", "PMG", "POP3", "POP3S", "PPtP",
            "Ping", "PostgreSQL", "Printer", "RDP", "RIP", "RNDC", "Razor", "Rdate", "Rsync", "SANE", "SMB", "SMBswat", "SMTP", "SMTPS",
            "SNMP", "SPAMD", "SPICEproxy", "SSH", "SVN", "SixXS", "Squid", "Submission", "Syslog", "TFTP", "Telnet", "Telnets", "Time",
            "Trcrt", "VNC", "VNCL", "Web", "Webcache", "Webmin", "Whois");
    /** {@code /etc/protocols} (name and number). */
    static final Map<String, Integer> PROTOCOLS = Map.ofEntries(Map.entry("ip", 0), Map.entry("icmp", 1), Map.entry("igmp", 2),
            Map.entry("ggp", 3), Map.entry("ipencap", 4), Map.entry("st", 5), Map.entry("tcp", 6), Map.entry("egp", 8), Map.entry("igp", 9),
            Map.entry("pup", 12), Map.entry("udp", 17), Map.entry("hmp", 20), Map.entry("xns-idp", 22), Map.entry("rdp", 27),
            Map.entry("iso-tp4", 29), Map.entry("dccp", 33), Map.entry("xtp", 36), Map.entry("ddp", 37), Map.entry("idpr-cmtp", 38),
            Map.entry("ipv6", 41), Map.entry("ipv6-route", 43), Map.entry("ipv6-frag", 44), Map.entry("idrp", 45), Map.entry("rsvp", 46),
            Map.entry("gre", 47), Map.entry("esp", 50), Map.entry("ah", 51), Map.entry("skip", 57), Map.entry("ipv6-icmp", 58),
            Map.entry("icmpv6", 58), Map.entry("ipv6-nonxt", 59), Map.entry("ipv6-opts", 60), Map.entry("rspf", 73), Map.entry("vmtp", 81),
            Map.entry("eigrp", 88), Map.entry("ospf", 89), Map.entry("ax.25", 93), Map.entry("ipip", 94), Map.entry("etherip", 97),
            Map.entry("encap", 98), Map.entry("pim", 103), Map.entry("ipcomp", 108), Map.entry("vrrp", 112), Map.entry("l2tp", 115),
            Map.entry("isis", 124), Map.entry("sctp", 132), Map.entry("fc", 133), Map.entry("mobility-header", 135),
            Map.entry("udplite", 136), Map.entry("mpls-in-ip", 137), Map.entry("manet", 138), Map.entry("hip", 139),
            Map.entry("shim6", 140), Map.entry("wesp", 141), Map.entry("rohc", 142), Map.entry("ethernet", 143));
    static final Set<String> PROTOCOLS_WITH_PORTS = Set.of("udp", "17", "udplite", "136", "tcp", "6", "dccp", "33", "sctp", "132");
    /** A common part of {@code /etc/services}: the names a port may be given as. */
    static final Set<String> SERVICES = Set.of("ftp-data", "ftp", "ssh", "telnet", "smtp", "domain", "tftp", "http", "www", "kerberos",
            "pop3", "sunrpc", "ntp", "netbios-ns", "netbios-dgm", "netbios-ssn", "imap2", "imap", "snmp", "snmp-trap", "bgp", "ldap",
            "https", "microsoft-ds", "syslog", "submission", "ldaps", "rsync", "imaps", "pop3s", "openvpn", "mysql", "postgresql",
            "bootps", "bootpc", "iscsi-target", "nfs", "rdp", "ms-wbt-server", "x11", "zabbix-agent", "zabbix-trapper", "squid");
    static final Set<String> ICMP_TYPES = Set.of("any", "echo-reply", "destination-unreachable", "network-unreachable",
            "host-unreachable", "protocol-unreachable", "port-unreachable", "fragmentation-needed", "source-route-failed",
            "network-unknown", "host-unknown", "network-prohibited", "host-prohibited", "TOS-network-unreachable", "TOS-host-unreachable",
            "communication-prohibited", "host-precedence-violation", "precedence-cutoff", "source-quench", "redirect", "network-redirect",
            "host-redirect", "TOS-network-redirect", "TOS-host-redirect", "echo-request", "router-advertisement", "router-solicitation",
            "time-exceeded", "ttl-zero-during-transit", "ttl-zero-during-reassembly", "parameter-problem", "ip-header-bad",
            "required-option-missing", "timestamp-request", "timestamp-reply", "address-mask-request", "address-mask-reply");
    static final Set<String> ICMPV6_TYPES = Set.of("destination-unreachable", "no-route", "communication-prohibited", "beyond-scope",
            "address-unreachable", "port-unreachable", "failed-policy", "reject-route", "packet-too-big", "time-exceeded",
            "ttl-zero-during-transit", "ttl-zero-during-reassembly", "parameter-problem", "bad-header", "unknown-header-type",
            "unknown-option", "echo-request", "echo-reply", "router-solicitation", "router-advertisement", "neighbour-solicitation",
            "neighbor-solicitation", "neighbour-advertisement", "neighbor-advertisement", "redirect");

    // ---------------------------------------------------------------- parameter declarations

    /**
     * A parameter as the schema declares it: JSON type ({@code string|integer|boolean}), enumeration, minimum, length limits, pattern,
     * and the lab's name for the schema's {@code format} (checked like PVE's registered format; null = none).
     */
    record Param(String type, List<String> enumeration, Integer minimum, Integer minLength, Integer maxLength, String pattern, String format) {
        static Param string() { return new Param("string", null, null, null, null, null, null); }
        static Param integer(int min) { return new Param("integer", null, min, null, null, null, null); }
        static Param bool() { return new Param("boolean", null, null, null, null, null, null); }
        static Param oneOf(List<String> values) { return new Param("string", values, null, null, null, null, null); }
        static Param formatted(String format, Integer maxLength) { return new Param("string", null, null, null, maxLength, null, format); }
    }

    private static final Map<String, Map<String, Param>> SPECS = new LinkedHashMap<>();

    /** The parameters a route takes besides its path parameters, or null for a route not registered here. */
    static Map<String, Param> spec(String method, String template) { return SPECS.get(method + " " + template); }

    /** Every route registered here: {@code METHOD template}. */
    static Set<String> routes() { return Collections.unmodifiableSet(SPECS.keySet()); }

    private static Map<String, Param> ruleParams(boolean create) {
        Map<String, Param> m = new TreeMap<>();
        m.put("action", new Param("string", null, null, 2, 20, GROUP_NAME, null));
        m.put("comment", Param.string());
        m.put("dest", Param.formatted("pve-fw-addr-spec", 512));
        m.put("digest", new Param("string", null, null, null, 64, null, null));
        m.put("dport", Param.formatted("pve-fw-dport-spec", null));
        m.put("enable", Param.integer(0));
        m.put("icmp-type", Param.formatted("pve-fw-icmp-type-spec", null));
        m.put("iface", new Param("string", null, null, 2, 20, null, "pve-iface"));
        m.put("log", Param.oneOf(LOG_LEVELS));
        m.put("macro", new Param("string", null, null, null, 128, null, null));
        if (create) m.put("pos", Param.integer(0));
        m.put("proto", Param.formatted("pve-fw-protocol-spec", null));
        m.put("source", Param.formatted("pve-fw-addr-spec", 512));
        m.put("sport", Param.formatted("pve-fw-sport-spec", null));
        m.put("type", Param.oneOf(RULE_TYPES));
        return m;
    }

    private static Map<String, Param> clusterOptionParams() {
        Map<String, Param> m = new TreeMap<>();
        m.put("delete", Param.formatted("pve-configid-list", null));
        m.put("digest", new Param("string", null, null, null, 64, null, null));
        m.put("ebtables", Param.bool());
        m.put("enable", Param.integer(0));
        m.put("log_ratelimit", Param.formatted("log-ratelimit", null));
        m.put("policy_forward", Param.oneOf(List.of("ACCEPT", "DROP")));
        m.put("policy_in", Param.oneOf(POLICIES));
        m.put("policy_out", Param.oneOf(POLICIES));
        return m;
    }

    private static void add(Router r, String method, String template, Map<String, Param> spec, Router.Handler h, String... required) {
        SPECS.put(method + " " + template, Collections.unmodifiableMap(spec));
        r.add(method, template, q -> {
            checkParams(q, spec);
            return h.handle(q);
        }, required);
    }

    static void register(Router r) {
        String rules = "/cluster/firewall/rules";
        add(r, "GET", "/cluster/firewall/options", Map.of(), q -> withDigest(q.cluster().firewall.options));
        add(r, "PUT", "/cluster/firewall/options", clusterOptionParams(), FirewallApi::setClusterOptions);
        add(r, "GET", rules, Map.of(), q -> listRules(q.cluster().firewall));
        add(r, "POST", rules, ruleParams(true), q -> createRule(q, q.cluster().firewall, "cluster"), "action", "type");
        add(r, "GET", rules + "/{pos}", Map.of(), q -> getRule(q, q.cluster().firewall));
        Map<String, Param> update = ruleParams(false);
        update.put("delete", Param.formatted("pve-configid-list", null));
        update.put("moveto", Param.integer(0));
        add(r, "PUT", rules + "/{pos}", update, q -> updateRule(q, q.cluster().firewall, "cluster"));
        add(r, "DELETE", rules + "/{pos}", Map.of("digest", new Param("string", null, null, null, 64, null, null)),
                q -> deleteRule(q, q.cluster().firewall));
        add(r, "GET", "/nodes/{node}/firewall/options", Map.of(), q -> withDigest(host(q).options), "node");
        add(r, "GET", "/nodes/{node}/firewall/rules", Map.of(), q -> listRules(host(q)), "node");
        for (String t : new String[]{"qemu", "lxc"}) {
            String base = "/nodes/{node}/" + t + "/{vmid}/firewall";
            add(r, "GET", base + "/options", Map.of(), q -> withDigest(guest(q, t).options), "node", "vmid");
            add(r, "GET", base + "/rules", Map.of(), q -> listRules(guest(q, t)), "node", "vmid");
        }
    }

    static Site.Firewall host(Request q) {
        return q.site().nodeStates.get(q.p("node")).firewall;
    }

    /** A guest's {@code <vmid>.fw}; a guest without one reads as empty. */
    static Site.Firewall guest(Request q, String t) {
        Site.Guest g = PveApi.guest(q, t);
        return g.firewall == null ? new Site.Firewall() : g.firewall;
    }

    // ---------------------------------------------------------------- schema checks (all problems at once)

    static String bool(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> "1";
            case "0", "false", "no", "off" -> "0";
            default -> null;
        };
    }

    /** Checks the request's parameters against the route's declaration; booleans are normalized to 1/0 in place. */
    static void checkParams(Request q, Map<String, Param> spec) {
        Map<String, String> errors = new TreeMap<>();
        for (Map.Entry<String, String> e : q.params().entrySet()) {
            String k = e.getKey(), v = e.getValue();
            if (q.pathParams().containsKey(k)) continue;
            Param p = spec.get(k);
            if (p == null) {
                errors.put(k, "property is not defined in schema and the schema does not allow additional properties");
                continue;
            }
            String problem = check(p, v);
            if (problem != null) errors.put(k, problem);
            else if (p.type().equals("boolean")) e.setValue(bool(v));
        }
        if (!errors.isEmpty()) throw new ApiException(400, "Parameter verification failed.", errors);
    }

    static String check(Param p, String v) {
        switch (p.type()) {
            case "integer" -> {
                if (!v.trim().matches("[+-]?\\d+")) return "type check ('integer') failed - got '" + v + "'";
                if (outside(p, v.trim())) return notInEnumeration(p, v);
                if (p.minimum() != null && Long.parseLong(v.trim()) < p.minimum()) return "value must have a minimum value of " + p.minimum();
                return null;
            }
            case "boolean" -> {
                return bool(v) == null ? "type check ('boolean') failed - got '" + v + "'" : null;
            }
            default -> {
                // copy_rule_data: an empty value (or '-') removes the property
                if (v.isEmpty() || v.equals("-") && p.format() != null && p.format().startsWith("pve-fw-")) return null;
                if (outside(p, v)) return notInEnumeration(p, v);
                if (p.minLength() != null && v.length() < p.minLength()) return "value must be at least " + p.minLength() + " characters long";
                if (p.maxLength() != null && v.length() > p.maxLength()) return "value may only be " + p.maxLength() + " characters long";
                if (p.pattern() != null && !v.matches(p.pattern())) return "value does not match the regex pattern";
                if (p.format() != null) {
                    try {
                        format(p.format(), v);
                    } catch (IllegalArgumentException e) {
                        return "invalid format - " + e.getMessage();
                    }
                }
                return null;
            }
        }
    }

    private static boolean outside(Param p, String v) { return p.enumeration() != null && !p.enumeration().contains(v); }

    private static String notInEnumeration(Param p, String v) {
        return "value '" + v + "' does not have a value in the enumeration '" + String.join(", ", p.enumeration()) + "'";
    }

    static void format(String format, String v) {
        switch (format) {
            case "pve-fw-addr-spec" -> addressList(v);
            case "pve-fw-dport-spec" -> ports(v, true);
            case "pve-fw-sport-spec" -> ports(v, false);
            case "pve-fw-protocol-spec" -> {
                if (!PROTOCOLS.containsKey(v) && !(v.matches("\\d+") && PROTOCOLS.containsValue(Integer.parseInt(v)))) {
                    throw new IllegalArgumentException("unknown protocol '" + v + "'");
                }
            }
            case "pve-fw-icmp-type-spec" -> {
                if (!ICMP_TYPES.contains(v) && !ICMPV6_TYPES.contains(v) && !(v.matches("\\d{1,3}") && Integer.parseInt(v) <= 255)) {
                    throw new IllegalArgumentException("invalid icmp-type value '" + v + "'");
                }
            }
            case "pve-iface" -> {
                if (!v.matches("(?i)[a-z][a-z0-9_]{1,20}([:.]\\d+)?")) throw new IllegalArgumentException("invalid network interface name '" + v + "'");
            }
            case "pve-configid-list" -> {
                for (String k : splitList(v)) {
                    if (!k.matches("(?i)[a-z][a-z0-9_-]+")) throw new IllegalArgumentException("invalid configuration ID '" + k + "'");
                }
            }
            case "log-ratelimit" -> logRatelimit(v);
            default -> throw new IllegalStateException("unknown format " + format);
        }
    }

    static List<String> splitList(String v) {
        List<String> l = new ArrayList<>();
        for (String k : v.split("[,;\\s\\x00]+")) if (!k.isEmpty()) l.add(k);
        return l;
    }

    /** {@code [enable=]<1|0> [,burst=<integer>] [,rate=<rate>]}. */
    static void logRatelimit(String v) {
        for (String part : v.split(",")) {
            int eq = part.indexOf('=');
            String k = eq < 0 ? "enable" : part.substring(0, eq).trim(), x = eq < 0 ? part.trim() : part.substring(eq + 1).trim();
            String problem = switch (k) {
                case "enable" -> bool(x) == null ? "type check ('boolean') failed - got '" + x + "'" : null;
                case "burst" -> x.matches("\\d+") ? null : "type check ('integer') failed - got '" + x + "'";
                case "rate" -> x.matches("[1-9][0-9]*/(second|minute|hour|day)") ? null : "value does not match the regex pattern";
                default -> "property is not defined in schema and the schema does not allow additional properties";
            };
            if (problem != null) throw new IllegalArgumentException("format error\nlog_ratelimit." + k + ": " + problem);
        }
    }

    /** The IP version of an address list ({@code parse_address_list}); null for an IP set or alias reference. */
    static Integer addressList(String str) {
        if (str.matches("\\+\\S+")) {
            if (str.length() > 65) throw new IllegalArgumentException("ipset name too long");
            return null;
        }
        if (str.matches(ALIAS_NAME)) {
            if (str.length() > 64) throw new IllegalArgumentException("alias name too long");
            return null;
        }
        String[] elements = str.split(",", -1);
        for (String e : elements) if (e.isEmpty()) throw new IllegalArgumentException("extraneous commas in list");
        Integer version = null;
        boolean range = false;
        for (String e : elements) {
            int v;
            if (e.contains("-")) {
                range = true;
                String[] ab = e.split("-", 2);
                v = ipVersion(ab[0], false, e);
                if (ipVersion(ab[1], false, e) != v) throw new IllegalArgumentException("invalid IP address: Invalid IP range " + e);
            } else {
                v = ipVersion(e, true, e);
            }
            if (version != null && version != v) throw new IllegalArgumentException("detected mixed ipv4/ipv6 addresses in address list '" + str + "'");
            version = v;
        }
        if (range && elements.length > 1) throw new IllegalArgumentException("you can't use a range in a list");
        return version;
    }

    private static int ipVersion(String s, boolean prefixAllowed, String whole) {
        String ip = s, prefix = null;
        int slash = s.indexOf('/');
        if (slash >= 0 && prefixAllowed) {
            ip = s.substring(0, slash);
            prefix = s.substring(slash + 1);
        }
        if (ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String q : ip.split("\\.")) {
                if (Integer.parseInt(q) > 255) throw new IllegalArgumentException("invalid IP address: Invalid quad in IP address " + ip + " - " + q);
            }
            if (prefix != null && !(prefix.matches("\\d{1,2}") && Integer.parseInt(prefix) <= 32)) {
                throw new IllegalArgumentException("invalid IP address: Invalid prefix length /" + prefix);
            }
            return 4;
        }
        if (ip.contains(":") && ip.matches("[0-9A-Fa-f:.]+")) {
            try {
                InetAddress.getByName(ip); // a literal: no name lookup
            } catch (Exception e) {
                throw new IllegalArgumentException("invalid IP address: Invalid IP address " + ip);
            }
            if (prefix != null && !(prefix.matches("\\d{1,3}") && Integer.parseInt(prefix) <= 128)) {
                throw new IllegalArgumentException("invalid IP address: Invalid prefix length /" + prefix);
            }
            return 6;
        }
        throw new IllegalArgumentException("invalid IP address: Cannot determine IP version for " + whole);
    }

    /** {@code parse_port_name_number_or_range}. */
    static void ports(String str, boolean dport) {
        String[] elements = str.split(",", -1);
        for (String e : elements) if (e.isEmpty()) throw new IllegalArgumentException("extraneous commas in list");
        int count = 0;
        boolean icmp = false;
        for (String e : elements) {
            if (e.matches("\\d+:\\d+")) {
                count += 2;
                String[] ab = e.split(":");
                long a = Long.parseLong(ab[0]), b = Long.parseLong(ab[1]);
                if (a > 65535) throw new IllegalArgumentException("invalid port '" + ab[0] + "'");
                if (b > 65535) throw new IllegalArgumentException("invalid port '" + ab[1] + "'");
                if (a > b) throw new IllegalArgumentException("backwards range '" + e + "' not allowed, did you mean '" + ab[1] + ":" + ab[0] + "'?");
            } else if (e.matches("\\d+")) {
                count++;
                if (Long.parseLong(e) > 65535) throw new IllegalArgumentException("invalid port '" + e + "'");
            } else if (dport && (ICMP_TYPES.contains(e) || ICMPV6_TYPES.contains(e))) {
                icmp = true;
            } else if (!SERVICES.contains(e)) {
                throw new IllegalArgumentException("invalid port '" + e + "'");
            }
        }
        if (icmp && count > 0) throw new IllegalArgumentException("ICMP ports not allowed in port range");
        if (count > 15) throw new IllegalArgumentException("too many entries in port list (> 15 numbers)");
    }

    // ---------------------------------------------------------------- rules

    /** {@code copy_rule_data}: every rule property given is set; an empty value or '-' removes it. */
    static void copyRuleData(Map<String, Object> rule, Map<String, String> params) {
        for (String k : RULE_KEYS) {
            String v = params.get(k);
            if (v == null) continue;
            if (v.isEmpty() || v.equals("-")) rule.remove(k);
            else rule.put(k, k.equals("enable") ? (Object) Integer.parseInt(v.trim()) : v);
        }
    }

    static void deleteRuleProperties(Map<String, Object> rule, String delete) {
        for (String opt : splitList(delete)) {
            if (!RULE_PROPERTIES.contains(opt)) throw ApiException.param("delete", "no such property ('" + opt + "')");
            if (opt.equals("type") || opt.equals("action")) throw ApiException.param("delete", "unable to delete required property '" + opt + "'");
            rule.remove(opt);
        }
    }

    /**
     * {@code verify_rule} for a rule of {@code env} (cluster, host, vm, ct): the first problem is raised as a parameter error; sets
     * {@code ipversion} from the addresses or the ICMP protocol.
     */
    static void verifyRule(Map<String, Object> rule, String env) {
        rule.remove("ipversion");
        String type = (String) rule.get("type"), action = (String) rule.get("action");
        if (type == null) throw ApiException.param("type", "missing property");
        if (action == null) throw ApiException.param("action", "missing property");
        switch (type) {
            case "in", "out", "forward" -> {
                if (!action.matches("ACCEPT|DROP|REJECT")) throw ApiException.param("action", "unknown action '" + action + "'");
            }
            case "group" -> {
                if (!action.matches(GROUP_NAME)) throw ApiException.param("action", "invalid characters in security group name");
            }
            default -> throw ApiException.param("type", "unknown rule type '" + type + "'");
        }
        String iface = (String) rule.get("iface");
        if (iface != null && (env.equals("vm") || env.equals("ct")) && !iface.matches("net\\d+")) {
            throw ApiException.param("iface", "value does not match the regex pattern 'net\\d+'");
        }
        String macro = (String) rule.get("macro");
        if (macro != null) {
            String preferred = null;
            for (String m : MACROS) if (m.equalsIgnoreCase(macro)) preferred = m;
            if (preferred == null) throw ApiException.param("macro", "unknown macro '" + macro + "'");
            rule.put("macro", preferred);
        }
        Integer ipversion = null;
        String proto = (String) rule.get("proto");
        if (proto != null) {
            if (proto.equals("icmp")) ipversion = 4;
            if (proto.equals("icmpv6") || proto.equals("ipv6-icmp")) ipversion = 6;
        }
        if (rule.get("dport") != null) {
            if (proto == null) throw ApiException.param("proto", "missing property - 'dport' requires this property");
            if (!PROTOCOLS_WITH_PORTS.contains(proto) && !proto.equals("icmp") && !proto.equals("icmpv6")) {
                throw ApiException.param("dport", "protocol '" + proto + "' does not support ports");
            }
        }
        String icmpType = (String) rule.get("icmp-type");
        if (icmpType != null) {
            if (!"icmp".equals(proto) && !"icmpv6".equals(proto) && !"ipv6-icmp".equals(proto)) {
                throw ApiException.param("proto", "missing property - 'icmp-type' requires this property");
            }
            if (rule.get("dport") != null) throw ApiException.param("icmp-type", "'icmp-type' cannot be specified together with 'dport'");
            if (proto.equals("icmp") ? !ICMP_TYPES.contains(icmpType) : !ICMPV6_TYPES.contains(icmpType)) {
                if (!icmpType.matches("\\d+")) throw ApiException.param("icmp-type", "invalid icmp-type '" + icmpType + "' for proto '" + proto + "'");
            }
        }
        if (rule.get("sport") != null) {
            if (proto == null) throw ApiException.param("proto", "missing property - 'sport' requires this property");
            if (!PROTOCOLS_WITH_PORTS.contains(proto)) throw ApiException.param("sport", "protocol '" + proto + "' does not support ports");
        }
        for (String k : List.of("source", "dest")) {
            String v = (String) rule.get(k);
            if (v == null) continue;
            Integer version;
            try {
                version = addressList(v);
            } catch (IllegalArgumentException e) {
                throw ApiException.param(k, e.getMessage());
            }
            if (version != null && ipversion != null && !version.equals(ipversion)) {
                throw ApiException.param(k, "detected mixed ipv4/ipv6 addresses in rule");
            }
            if (version != null) ipversion = version;
            // the lab has no IP sets and no aliases
            if (v.startsWith("+")) throw ApiException.param(k, "no such ipset '" + v.substring(1) + "'");
            if (v.matches(ALIAS_NAME)) throw ApiException.param(k, "no such alias '" + v + "'");
        }
        if (ipversion != null) rule.put("ipversion", ipversion);
    }

    /** A rule as the lab keeps it (for the defaults): key/value pairs, checked like a created rule. */
    static Map<String, Object> rule(String env, Object... kv) {
        Map<String, Object> r = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) r.put((String) kv[i], kv[i + 1]);
        verifyRule(r, env);
        return r;
    }

    // ---------------------------------------------------------------- digests (pve-firewall's copy_*_with_digest)

    static String sha1Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void append(StringBuilder b, Map<String, Object> m) {
        for (Map.Entry<String, Object> e : new TreeMap<>(m).entrySet()) {
            if (e.getValue() != null) b.append(e.getKey()).append(':').append(e.getValue()).append('\n');
        }
    }

    static String objectDigest(Map<String, Object> options) {
        StringBuilder b = new StringBuilder();
        append(b, options);
        return sha1Hex(b.toString());
    }

    static String listDigest(List<Map<String, Object>> rules) {
        StringBuilder b = new StringBuilder();
        for (Map<String, Object> r : rules) append(b, r);
        return sha1Hex(b.toString());
    }

    static Map<String, Object> withDigest(Map<String, Object> options) {
        Map<String, Object> m = new TreeMap<>(options);
        m.put("digest", objectDigest(options));
        return m;
    }

    static void assertIfModified(String current, String given) {
        if (given != null && !given.isEmpty() && !given.equalsIgnoreCase(current)) {
            throw ApiException.fail("detected modified configuration - file changed by other user? Try again.");
        }
    }

    // ---------------------------------------------------------------- handlers

    static Object setClusterOptions(Request q) {
        Site.Firewall fw = q.cluster().firewall;
        assertIfModified(objectDigest(fw.options), q.p("digest"));
        Map<String, Object> next = new TreeMap<>(fw.options);
        String delete = q.p("delete");
        if (delete != null) {
            for (String opt : splitList(delete)) {
                if (!CLUSTER_OPTIONS.contains(opt)) throw ApiException.param("delete", "no such option '" + opt + "'");
                next.remove(opt);
            }
        }
        for (String k : CLUSTER_OPTIONS) {
            String v = q.params().get(k);
            if (v == null || v.isEmpty()) continue;
            switch (k) {
                case "enable" -> {
                    long e = Long.parseLong(v.trim());
                    next.put(k, e > 1 ? q.site().nowEpoch() : e); // a timestamp: PVE's anti-lockout double call
                }
                case "ebtables" -> next.put(k, Integer.parseInt(v));
                default -> next.put(k, v);
            }
        }
        fw.options.clear();
        fw.options.putAll(next);
        return null;
    }

    static Object listRules(Site.Firewall fw) {
        String digest = listDigest(fw.rules);
        List<Object> l = new ArrayList<>();
        for (int i = 0; i < fw.rules.size(); i++) l.add(ruleOut(fw.rules.get(i), i, digest));
        return l;
    }

    static Map<String, Object> ruleOut(Map<String, Object> rule, int pos, String digest) {
        Map<String, Object> m = new TreeMap<>(rule);
        m.put("pos", pos);
        m.put("digest", digest);
        return m;
    }

    static int pos(Request q) {
        int pos = q.intP("pos", 0);
        if (pos < 0) throw ApiException.param("pos", "value must have a minimum value of 0");
        return pos;
    }

    static Object getRule(Request q, Site.Firewall fw) {
        int pos = pos(q);
        if (pos >= fw.rules.size()) throw ApiException.fail("no rule at position " + pos);
        return ruleOut(fw.rules.get(pos), pos, listDigest(fw.rules));
    }

    /** Like PVE: the new rule goes on top (a {@code pos} given is not used), disabled unless {@code enable} is given. */
    static Object createRule(Request q, Site.Firewall fw, String env) {
        Map<String, Object> rule = new LinkedHashMap<>();
        copyRuleData(rule, q.params());
        verifyRule(rule, env);
        if (q.params().get("enable") == null) rule.put("enable", 0);
        fw.rules.add(0, rule);
        return null;
    }

    static Object updateRule(Request q, Site.Firewall fw, String env) {
        int pos = pos(q);
        assertIfModified(listDigest(fw.rules), q.params().get("digest"));
        if (pos >= fw.rules.size()) throw ApiException.fail("no rule at position " + pos);
        Map<String, Object> rule = fw.rules.get(pos);
        String moveto = q.params().get("moveto");
        if (moveto != null && Integer.parseInt(moveto.trim()) != pos) {
            int to = Integer.parseInt(moveto.trim());
            List<Map<String, Object>> next = new ArrayList<>();
            for (int i = 0; i < fw.rules.size(); i++) {
                if (i == pos) continue;
                if (i == to) next.add(rule);
                next.add(fw.rules.get(i));
            }
            if (to >= fw.rules.size()) next.add(rule);
            fw.rules.clear();
            fw.rules.addAll(next);
            return null;
        }
        Map<String, Object> changed = new LinkedHashMap<>(rule);
        copyRuleData(changed, q.params());
        String delete = q.params().get("delete");
        if (delete != null && !delete.isEmpty()) deleteRuleProperties(changed, delete);
        verifyRule(changed, env);
        fw.rules.set(pos, changed);
        return null;
    }

    static Object deleteRule(Request q, Site.Firewall fw) {
        int pos = pos(q);
        assertIfModified(listDigest(fw.rules), q.params().get("digest"));
        if (pos >= fw.rules.size()) throw ApiException.fail("no rule at position " + pos);
        fw.rules.remove(pos);
        return null;
    }

    // ---------------------------------------------------------------- defaults of a store

    static final String MANAGEMENT_NET = "10.0.0.0/24";

    /** {@code cluster.fw} of a store: enabled, inbound DROP, outbound ACCEPT; the API and SSH from the management net, ICMP. */
    static Site.Firewall storeCluster() {
        Site.Firewall fw = new Site.Firewall();
        fw.options.put("enable", 1);
        fw.options.put("policy_in", "DROP");
        fw.options.put("policy_out", "ACCEPT");
        fw.options.put("ebtables", 1);
        fw.options.put("log_ratelimit", "enable=1,burst=5,rate=1/second");
        fw.rules.add(rule("cluster", "type", "in", "action", "ACCEPT", "source", MANAGEMENT_NET, "proto", "tcp", "dport", "8006",
                "enable", 1, "comment", "Proxmox VE API and web UI from the management network"));
        fw.rules.add(rule("cluster", "type", "in", "action", "ACCEPT", "source", MANAGEMENT_NET, "proto", "tcp", "dport", "22",
                "enable", 1, "comment", "SSH from the management network"));
        fw.rules.add(rule("cluster", "type", "in", "action", "ACCEPT", "proto", "icmp", "enable", 1, "comment", "ICMP (ping, path MTU discovery)"));
        return fw;
    }

    /** {@code host.fw} of a store node: enabled, with the node exporter open to the management net. */
    static Site.Firewall storeHost() {
        Site.Firewall fw = new Site.Firewall();
        fw.options.put("enable", 1);
        fw.options.put("log_level_in", "nolog");
        fw.options.put("nosmurfs", 1);
        fw.options.put("tcpflags", 1);
        fw.rules.add(rule("host", "type", "in", "action", "ACCEPT", "source", MANAGEMENT_NET, "proto", "tcp", "dport", "9100",
                "enable", 1, "comment", "node exporter, scraped from the management network"));
        return fw;
    }

    /** {@code <vmid>.fw} of a seeded guest: enabled when its net0 has {@code firewall=1}, with what its application serves. */
    static Site.Firewall storeGuest(Site.Guest g) {
        Site.Firewall fw = new Site.Firewall();
        if ("1".equals(Site.option(g.config.get("net0"), "firewall"))) fw.options.put("enable", 1);
        String env = g.qemu() ? "vm" : "ct";
        Map<String, Object> r = switch (g.role == null ? "" : g.role) {
            case "dns" -> rule(env, "type", "in", "action", "ACCEPT", "macro", "DNS", "enable", 1, "comment", "name service for the store's devices");
            case "tokenization" -> rule(env, "type", "in", "action", "ACCEPT", "proto", "tcp", "dport", "8443", "enable", 1, "comment", "tokenization API");
            case "inventory" -> rule(env, "type", "in", "action", "ACCEPT", "proto", "tcp", "dport", "8080", "enable", 1, "comment", "inventory API");
            case "cache" -> rule(env, "type", "in", "action", "ACCEPT", "proto", "tcp", "dport", "6379", "enable", 1, "comment", "Redis for the store's services");
            case "pos" -> rule(env, "type", "in", "action", "ACCEPT", "macro", "HTTPS", "enable", 1, "comment", "POS terminals");
            case "monitoring" -> rule(env, "type", "in", "action", "ACCEPT", "source", MANAGEMENT_NET, "proto", "tcp", "dport", "3000",
                    "enable", 1, "comment", "dashboards from the management network");
            default -> null;
        };
        if (r != null) fw.rules.add(r);
        return fw;
    }
}
