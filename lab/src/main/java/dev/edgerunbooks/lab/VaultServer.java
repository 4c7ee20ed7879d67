package dev.edgerunbooks.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A stand-in for one HashiCorp Vault server (Community Edition, initialized, unsealed, one root token derived from the lab
 * seed) on plain HTTP on loopback, answering Vault's documented HTTP API: KV version 2 mounted at {@code secret/}
 * ({@link VaultKv}), PKI mounted at {@code pki/} ({@link VaultPki}), {@code sys/health}, {@code sys/seal-status},
 * {@code sys/mounts} and {@code auth/token/lookup-self}. Its faults are {@link VaultFaults}.
 *
 * <p>Like Vault's HTTP layer: {@code GET} reads ({@code ?list=true} lists), {@code POST}/{@code PUT} write, {@code DELETE}
 * deletes, {@code LIST} lists; the token comes in {@code X-Vault-Token} or {@code Authorization: Bearer}; a missing or wrong
 * one is 403 {@code {"errors":["permission denied"]}}; a sealed Vault answers 503 {@code {"errors":["Vault is sealed"]}};
 * nothing found is 404 {@code {"errors":[]}}; answers are {@code application/json} envelopes ({@code request_id, lease_id,
 * renewable, lease_duration, data, wrap_info, warnings, auth, mount_type}) or 204 without a body.
 */
final class VaultServer {
    static final String VERSION = "1.18.3";
    static final ObjectMapper JSON = new ObjectMapper();
    /** What Vault's HTTP layer says when no route of a mount's backend matches the path, or the route lacks the operation. */
    static final String UNSUPPORTED_PATH = "1 error occurred:\n\t* unsupported path\n\n";
    static final String UNSUPPORTED_OPERATION = "1 error occurred:\n\t* unsupported operation\n\n";
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** Vault's logical operations, as its HTTP layer derives them from the method. */
    enum Op { READ, LIST, UPDATE, DELETE }

    /** A request as a mount's backend sees it: the operation, the path inside the mount, the request data (body or query). */
    record Req(Op op, String path, ObjectNode data, Instant now) {}

    /** A Vault error answer: {@code {"errors":[message]}}, or {@code {"errors":[]}} without a message. */
    static final class VaultError extends RuntimeException {
        final int status;

        VaultError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        static VaultError bad(String message) { return new VaultError(400, message); }

        static VaultError notFound() { return new VaultError(404, null); }

        static VaultError unsupportedPath() { return new VaultError(404, UNSUPPORTED_PATH); }

        static VaultError unsupportedOperation() { return new VaultError(405, UNSUPPORTED_OPERATION); }
    }

    /**
     * A backend's answer: data for the envelope (none and no warnings: 204), a status the backend chose itself (its envelope
     * then carries no request id or mount type, as Vault's {@code RespondWithStatusCode} does), or a raw body.
     */
    record Reply(int status, Object data, List<String> warnings, boolean ownStatus, String rawType, byte[] raw) {
        static Reply ok(Object data, List<String> warnings) { return new Reply(200, data, warnings, false, null, null); }

        static Reply ok(Object data) { return ok(data, List.of()); }

        static Reply none() { return none(List.of()); }

        /** No data: 204, or 200 with an envelope when there are warnings. */
        static Reply none(List<String> warnings) { return new Reply(204, null, warnings, false, null, null); }

        static Reply withStatus(int status, Object data) { return new Reply(status, data, List.of(), true, null, null); }

        static Reply raw(String type, byte[] body) { return new Reply(200, null, List.of(), false, type, body); }
    }

    private record Out(int status, String type, byte[] body) {}

    private final Lab lab;
    private final String token;
    private final String accessor;
    private final String clusterName;
    private final String clusterId;
    private final Instant started;
    final VaultKv kv = new VaultKv();
    final VaultPki pki;
    final VaultFaults faults = new VaultFaults(this);
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private volatile Channel channel;
    private int port;
    private boolean stopped;

    VaultServer(Lab lab) {
        this.lab = lab;
        String seed = lab.options().seed();
        this.token = "hvs." + base62(Certs.sha256("vault-root-token|" + seed), 24);
        this.accessor = base62(Certs.sha256("vault-root-accessor|" + seed), 24);
        this.clusterName = "vault-cluster-" + Certs.uuid("vault-cluster|" + seed).toString().substring(0, 8);
        this.clusterId = Certs.uuid("vault-cluster-id|" + seed).toString();
        this.started = lab.options().clock().instant();
        this.pki = new VaultPki(seed);
    }

    /** Letters and digits from a hash, like Vault's token strings. */
    static String base62(byte[] hash, int length) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        java.math.BigInteger n = new java.math.BigInteger(1, hash);
        java.math.BigInteger sixtyTwo = java.math.BigInteger.valueOf(62);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            java.math.BigInteger[] qr = n.divideAndRemainder(sixtyTwo);
            b.append(alphabet.charAt(qr[1].intValue()));
            n = qr[0];
        }
        return b.toString();
    }

    String token() { return token; }

    String address() { return "http://127.0.0.1:" + port; }

    int port() { return port; }

    boolean listening() { return channel != null && channel.isOpen(); }

    /** How many requests came for paths (after {@code /v1/}) starting with the prefix; {@code ""} counts all. */
    long requests(String prefix) {
        long n = 0;
        for (Map.Entry<String, LongAdder> e : requests.entrySet()) if (e.getKey().startsWith(prefix)) n += e.getValue().sum();
        return n;
    }

    // ---- the port -------------------------------------------------------------------------------------------------------

    /** Binds the configured port: a fixed one, or with 0 a free one below the ephemeral range (so it can be bound again). */
    void start(int configured) {
        if (configured == 0) {
            for (int candidate; (candidate = lab.nextPortCandidate()) > 0; ) {
                ChannelFuture f = bootstrap().bind(new InetSocketAddress("127.0.0.1", candidate)).awaitUninterruptibly();
                if (f.isSuccess()) {
                    channel = f.channel();
                    port = candidate;
                    return;
                }
            }
        }
        ChannelFuture f = bootstrap().bind(new InetSocketAddress("127.0.0.1", configured)).awaitUninterruptibly();
        if (!f.isSuccess()) throw new IllegalStateException("cannot bind the Vault stand-in to port " + configured + ": " + f.cause(), f.cause());
        channel = f.channel();
        port = ((InetSocketAddress) channel.localAddress()).getPort();
    }

    private ServerBootstrap bootstrap() {
        return new ServerBootstrap().group(lab.group()).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        children.add(ch);
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(32 << 20), new Handler());
                    }
                });
    }

    /** Closes or re-binds the port (unreachable fault); the kernel may hold a just-closed port for a moment. */
    synchronized void reachable(boolean on) {
        if (!on || stopped) {
            close();
            return;
        }
        for (int attempt = 1; !listening(); attempt++) {
            ChannelFuture f = bootstrap().bind(new InetSocketAddress("127.0.0.1", port)).awaitUninterruptibly();
            if (f.isSuccess()) {
                channel = f.channel();
            } else if (!(f.cause() instanceof BindException) || attempt >= 50) {
                throw new IllegalStateException("cannot bind the Vault stand-in to port " + port + " again: " + f.cause(), f.cause());
            } else {
                sleep(100);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** For good, with the lab: the port stays closed whatever the faults say. */
    synchronized void stop() {
        stopped = true;
        close();
    }

    /** Closes the port and resets open connections (a polite close would leave sockets holding the port). */
    synchronized void close() {
        Channel c = channel;
        channel = null;
        if (c != null) c.close().syncUninterruptibly();
        for (Channel ch : children) ch.config().setOption(ChannelOption.SO_LINGER, 0);
        children.close().awaitUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            // answered on the event loop: nothing here waits (issuing a certificate takes a few milliseconds of CPU)
            Out out;
            try {
                out = handle(req.method().name(), req.uri(), req.headers(), req.content().toString(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                out = error(500, String.valueOf(e.getMessage()));
            }
            boolean head = req.method().name().equals("HEAD");
            FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(out.status()),
                    head || out.body() == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(out.body()));
            if (out.type() != null) resp.headers().set(HttpHeaderNames.CONTENT_TYPE, out.type());
            resp.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            NodeServer.write(ctx, resp, HttpUtil.isKeepAlive(req));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    // ---- HTTP to logical requests ---------------------------------------------------------------------------------------

    private Out handle(String method, String uri, HttpHeaders headers, String body) {
        QueryStringDecoder qs = new QueryStringDecoder(uri);
        String full = qs.path();
        if (!full.startsWith("/v1/")) {
            count(full);
            return new Out(404, "text/plain; charset=utf-8", "404 page not found\n".getBytes(StandardCharsets.UTF_8));
        }
        String path = full.substring(4);
        count(path);
        try {
            if (path.equals("sys/health")) return health(method, qs);
            if (path.equals("sys/seal-status")) return sealStatus();
            if (faults.sealed) return error(503, "Vault is sealed");
            Op op = switch (method) {
                case "GET", "HEAD" -> listParam(qs) ? Op.LIST : Op.READ;
                case "POST", "PUT" -> Op.UPDATE;
                case "DELETE" -> Op.DELETE;
                case "LIST" -> Op.LIST;
                default -> null;
            };
            if (op == null) return error(405, null);
            if (op == Op.LIST && !path.endsWith("/")) path += "/";
            String mount = mountOf(path);
            String inner = mount == null ? path : (path + "/").length() == mount.length() ? "" : path.substring(mount.length());
            boolean open = "pki/".equals(mount) && VaultPki.unauthenticated(op, inner);
            if (!open && !token.equals(token(headers))) return error(403, "permission denied");
            if (headers.contains("X-Vault-Wrap-TTL")) {
                throw VaultError.bad("the lab's Vault does not wrap responses (X-Vault-Wrap-TTL)");
            }
            if (mount == null) return error(404, "no handler for route \"" + path + "\". route entry not found.");
            ObjectNode data = op == Op.UPDATE ? body(body, headers.get(HttpHeaderNames.CONTENT_TYPE)) : query(qs);
            Req r = new Req(op, inner, data, lab.options().clock().instant());
            Reply reply = switch (mount) {
                case "secret/" -> kv.handle(r);
                case "pki/" -> pki.handle(r);
                case "auth/token/" -> tokenBackend(r);
                default -> sys(r);
            };
            return respond(op, reply, mountType(mount), mount.equals("sys/"));
        } catch (VaultError e) {
            return error(e.status, e.getMessage());
        }
    }

    private void count(String path) {
        requests.computeIfAbsent(path, k -> new LongAdder()).increment();
    }

    private static boolean listParam(QueryStringDecoder qs) {
        List<String> v = qs.parameters().get("list");
        if (v == null || v.isEmpty() || v.get(0).isEmpty()) return false;
        return switch (v.get(0)) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new VaultError(400, null);
        };
    }

    /** The token: {@code X-Vault-Token}, else {@code Authorization: Bearer …}, as Vault reads them. */
    private static String token(HttpHeaders headers) {
        String t = headers.get("X-Vault-Token");
        if (t != null && !t.isEmpty()) return t;
        String auth = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) return auth.substring(7).trim();
        return null;
    }

    private static final List<String> MOUNTS = List.of("secret/", "pki/", "sys/", "auth/token/");

    /** The mount a path is in, like Vault's router (which also tries the path with a slash added). */
    private static String mountOf(String path) {
        for (String m : MOUNTS) if (path.startsWith(m) || (path + "/").equals(m)) return m;
        return null;
    }

    private static String mountType(String mount) {
        return switch (mount) {
            case "secret/" -> "kv";
            case "pki/" -> "pki";
            case "auth/token/" -> "token";
            default -> "system";
        };
    }

    /**
     * The request body as Vault reads it: JSON unless it is a form ({@code application/x-www-form-urlencoded} and not starting
     * with a brace); an empty body is no data.
     */
    static ObjectNode body(String body, String contentType) {
        String t = body.strip();
        if (t.isEmpty()) return JSON.createObjectNode();
        boolean form = contentType != null && contentType.toLowerCase().startsWith("application/x-www-form-urlencoded") && !t.startsWith("{");
        if (form) return values(new QueryStringDecoder(t, false).parameters());
        try {
            JsonNode n = JSON.readTree(t);
            if (n == null || n.isNull()) return JSON.createObjectNode();
            if (n.isObject()) return (ObjectNode) n;
        } catch (Exception e) {
            // Vault says no more than this
        }
        throw VaultError.bad("error parsing JSON");
    }

    private static ObjectNode query(QueryStringDecoder qs) {
        Map<String, List<String>> p = new LinkedHashMap<>(qs.parameters());
        p.remove("list");
        return values(p);
    }

    /** One value is a string, several are a list, like Vault's form and query parsing. */
    private static ObjectNode values(Map<String, List<String>> params) {
        ObjectNode o = JSON.createObjectNode();
        params.forEach((k, v) -> {
            if (v.size() == 1) {
                o.put(k, v.get(0));
            } else {
                ArrayNode a = o.putArray(k);
                v.forEach(a::add);
            }
        });
        return o;
    }

    /** Vault's warning for request fields no field of the route knows (it ignores them). */
    static List<String> ignored(ObjectNode data, String... known) {
        Set<String> k = Set.of(known);
        TreeSet<String> unknown = new TreeSet<>();
        data.fieldNames().forEachRemaining(f -> {
            if (!k.contains(f)) unknown.add(f);
        });
        if (unknown.isEmpty()) return new ArrayList<>();
        List<String> w = new ArrayList<>();
        w.add("Endpoint ignored these unrecognized parameters: [" + String.join(" ", unknown) + "]");
        return w;
    }

    private Out respond(Op op, Reply reply, String mountType, boolean sysPath) {
        if (reply.raw() != null) return new Out(reply.status(), reply.rawType(), reply.raw());
        List<String> warnings = reply.warnings();
        if (op == Op.LIST && !reply.ownStatus() && warnings.isEmpty() && noKeys(reply.data())) return error(404, null);
        if (reply.data() == null && warnings.isEmpty() && !reply.ownStatus()) return new Out(204, null, null);
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("request_id", reply.ownStatus() ? "" : UUID.randomUUID().toString());
        env.put("lease_id", "");
        env.put("renewable", false);
        env.put("lease_duration", 0);
        env.put("data", reply.data());
        env.put("wrap_info", null);
        env.put("warnings", warnings.isEmpty() ? null : warnings);
        env.put("auth", null);
        env.put("mount_type", reply.ownStatus() ? "" : mountType);
        if (sysPath && reply.data() instanceof Map<?, ?> m) { // Vault repeats sys/ data at the top level, for old clients
            Map<String, Object> injected = new LinkedHashMap<>();
            m.forEach((k, v) -> injected.put(String.valueOf(k), v));
            injected.putAll(env);
            env = injected;
        }
        return json(reply.ownStatus() ? reply.status() : 200, env);
    }

    private static boolean noKeys(Object data) {
        if (!(data instanceof Map<?, ?> m)) return true;
        Object keys = m.get("keys");
        return !(keys instanceof Collection<?> c) || c.isEmpty();
    }

    static Out json(int status, Object o) {
        try {
            return new Out(status, "application/json", JSON.writeValueAsBytes(o));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code {"errors":[message]}}, or {@code {"errors":[]}} without a message. */
    static Out error(int status, String message) {
        return json(status, Map.of("errors", message == null ? List.of() : List.of(message)));
    }

    /** A time as Go's RFC 3339 with nanoseconds (trailing zeros dropped) in UTC, or {@code ""} for none. */
    static String rfc3339(Instant t) {
        if (t == null) return "";
        StringBuilder b = new StringBuilder(SECONDS.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC)));
        if (t.getNano() != 0) b.append('.').append(String.format("%09d", t.getNano()).replaceAll("0+$", ""));
        return b.append('Z').toString();
    }

    /** A Go duration's text for whole seconds, e.g. {@code 720h0m0s}. */
    static String goDuration(long seconds) {
        if (seconds == 0) return "0s";
        long h = seconds / 3600, m = seconds % 3600 / 60, s = seconds % 60;
        return h > 0 ? h + "h" + m + "m" + s + "s" : m > 0 ? m + "m" + s + "s" : s + "s";
    }

    // ---- sys/ and auth/token/ -------------------------------------------------------------------------------------------

    /** {@code GET|HEAD sys/health}: unauthenticated; 200 when active, 503 when sealed (codes overridable by query). */
    private Out health(String method, QueryStringDecoder qs) {
        if (!method.equals("GET") && !method.equals("HEAD")) return error(405, UNSUPPORTED_OPERATION);
        boolean sealed = faults.sealed;
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("initialized", true);
        h.put("sealed", sealed);
        h.put("standby", sealed);
        h.put("performance_standby", false);
        h.put("replication_performance_mode", sealed ? "unknown" : "disabled");
        h.put("replication_dr_mode", sealed ? "unknown" : "disabled");
        h.put("server_time_utc", lab.options().clock().instant().getEpochSecond());
        h.put("version", VERSION);
        h.put("enterprise", false);
        if (!sealed) {
            h.put("cluster_name", clusterName);
            h.put("cluster_id", clusterId);
        }
        h.put("echo_duration_ms", 0);
        h.put("clock_skew_ms", 0);
        h.put("replication_primary_canary_age_ms", 0);
        int status;
        try {
            status = sealed ? code(qs, "sealedcode", 503) : code(qs, "activecode", 200);
        } catch (NumberFormatException e) {
            return error(400, "unable to parse " + (sealed ? "sealedcode" : "activecode") + ": " + e.getMessage());
        }
        return json(status, h);
    }

    private static int code(QueryStringDecoder qs, String name, int def) {
        List<String> v = qs.parameters().get(name);
        return v == null || v.isEmpty() || v.get(0).isEmpty() ? def : Integer.parseInt(v.get(0));
    }

    /** {@code GET sys/seal-status}: unauthenticated, 200 sealed or not. */
    private Out sealStatus() {
        boolean sealed = faults.sealed;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "shamir");
        s.put("initialized", true);
        s.put("sealed", sealed);
        s.put("t", 1);
        s.put("n", 1);
        s.put("progress", 0);
        s.put("nonce", "");
        s.put("version", VERSION);
        s.put("build_date", "2024-12-16T14:00:53Z");
        s.put("migration", false);
        if (!sealed) {
            s.put("cluster_name", clusterName);
            s.put("cluster_id", clusterId);
        }
        s.put("recovery_seal", false);
        s.put("storage_type", "inmem");
        return json(200, s);
    }

    /** {@code sys/mounts}, {@code sys/mounts/:path}, {@code sys/mounts/:path/tune}, {@code sys/internal/ui/mounts/:path}. */
    private Reply sys(Req r) {
        String p = r.path();
        if (p.equals("mounts")) {
            if (r.op() != Op.READ) throw VaultError.unsupportedOperation();
            Map<String, Object> all = new TreeMap<>();
            for (String m : List.of("pki/", "secret/", "sys/")) all.put(m, mountEntry(m, false));
            return Reply.ok(all);
        }
        boolean tune = p.startsWith("mounts/") && p.endsWith("/tune");
        boolean ui = p.startsWith("internal/ui/mounts/");
        if (p.startsWith("mounts/") || ui) {
            if (r.op() != Op.READ) throw VaultError.unsupportedOperation();
            String rest = ui ? p.substring("internal/ui/mounts/".length()) : p.substring("mounts/".length(), tune ? p.length() - 5 : p.length());
            String m = mountOf(rest);
            boolean exact = m != null && (rest.equals(m) || (rest + "/").equals(m));
            if (m == null || m.equals("auth/token/") || !ui && !exact) {
                String dir = rest.endsWith("/") ? rest : rest + "/";
                if (ui) throw new VaultError(403, "preflight capability check returned 403, please ensure client's policies grant access to path \"" + dir + "\"");
                throw VaultError.bad("No secret engine mount at " + dir);
            }
            if (tune) return Reply.ok(tuneEntry(m));
            Map<String, Object> e = mountEntry(m, ui);
            if (ui) e.put("path", m);
            return Reply.ok(e);
        }
        throw VaultError.unsupportedPath();
    }

    private Map<String, Object> mountEntry(String mount, boolean ui) {
        String type = mount.equals("secret/") ? "kv" : mount.equals("pki/") ? "pki" : "system";
        Map<String, Object> config = new TreeMap<>();
        config.put("default_lease_ttl", 0);
        config.put("force_no_cache", false);
        config.put("max_lease_ttl", mount.equals("pki/") ? VaultPki.MOUNT_MAX_TTL : 0);
        if (type.equals("system")) config.put("passthrough_request_headers", List.of("Accept"));
        Map<String, Object> e = new TreeMap<>();
        e.put("accessor", type + "_" + java.util.HexFormat.of().formatHex(Certs.sha256("vault-mount|" + lab.options().seed() + "|" + mount), 0, 4));
        e.put("config", config);
        e.put("description", switch (type) {
            case "kv" -> "key/value secret storage";
            case "system" -> "system endpoints used for control, policy and debugging";
            default -> "";
        });
        e.put("external_entropy_access", false);
        e.put("local", false);
        e.put("options", type.equals("kv") ? Map.of("version", "2") : null);
        e.put("plugin_version", "");
        e.put("running_plugin_version", type.equals("kv") ? "v0.20.0+builtin" : "v" + VERSION + "+builtin.vault");
        e.put("running_sha256", "");
        e.put("seal_wrap", false);
        e.put("type", type);
        e.put("uuid", Certs.uuid("vault-mount-uuid|" + lab.options().seed() + "|" + mount).toString());
        if (!ui) e.put("deprecation_status", "supported");
        return e;
    }

    private static Map<String, Object> tuneEntry(String mount) {
        Map<String, Object> t = new TreeMap<>();
        t.put("default_lease_ttl", 2764800);
        t.put("description", mount.equals("secret/") ? "key/value secret storage" : mount.equals("pki/") ? "" : "system endpoints used for control, policy and debugging");
        t.put("force_no_cache", false);
        t.put("max_lease_ttl", mount.equals("pki/") ? VaultPki.MOUNT_MAX_TTL : 2764800);
        if (mount.equals("secret/")) t.put("options", Map.of("version", "2"));
        return t;
    }

    /** {@code auth/token/lookup-self} (GET or POST): the root token. */
    private Reply tokenBackend(Req r) {
        if (!r.path().equals("lookup-self")) throw VaultError.unsupportedPath();
        if (r.op() != Op.READ && r.op() != Op.UPDATE) throw VaultError.unsupportedOperation();
        Map<String, Object> t = new TreeMap<>();
        t.put("accessor", accessor);
        t.put("creation_time", started.getEpochSecond());
        t.put("creation_ttl", 0);
        t.put("display_name", "root");
        t.put("entity_id", "");
        t.put("expire_time", null);
        t.put("explicit_max_ttl", 0);
        t.put("id", token);
        t.put("meta", null);
        t.put("num_uses", 0);
        t.put("orphan", true);
        t.put("path", "auth/token/root");
        t.put("policies", List.of("root"));
        t.put("ttl", 0);
        t.put("type", "service");
        return Reply.ok(t);
    }

    // ---- the admin API's view -------------------------------------------------------------------------------------------

    /** What {@code GET /lab/vault} shows: address, token, faults, requests by path. */
    Map<String, Object> describe() {
        Map<String, Object> counts = new TreeMap<>();
        requests.forEach((k, v) -> counts.put(k, v.sum()));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("address", address());
        d.put("token", token);
        d.put("sealed", faults.isSealed());
        d.put("unreachable", faults.isUnreachable());
        d.put("requests", counts);
        return d;
    }

    /**
     * The admin routes under {@code /lab/vault}: {@code GET}, {@code PUT /faults/sealed} and {@code PUT /faults/unreachable}
     * with {@code {"enabled": true|false}}, {@code DELETE /faults}. Null for no such route.
     */
    Map<String, Object> admin(String method, String rest, JsonNode in) {
        boolean enabled = in.path("enabled").asBoolean(true);
        if (method.equals("GET") && rest.isEmpty()) return describe();
        if (method.equals("PUT") && rest.equals("/faults/sealed")) faults.sealed(enabled);
        else if (method.equals("PUT") && rest.equals("/faults/unreachable")) faults.unreachable(enabled);
        else if (method.equals("DELETE") && rest.equals("/faults")) faults.clear();
        else return null;
        return describe();
    }
}
