package dev.edgerunbooks.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
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
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One listening HTTPS port: a PVE node or a PBS of a site. */
final class NodeServer {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PVE_TOKEN = Pattern.compile("(?:^|\\s)PVEAPIToken(?:=| )([^;]*)");
    private static final Pattern PBS_TOKEN = Pattern.compile("(?:^|\\s)PBSAPIToken(?:=| )([^;]*)");
    private static final String[] RANDOM_ERRORS = {
            "got timeout",
            "cfs-lock 'file-replication_cfg' error: got lock request timeout",
            "unable to read tail (got 0 bytes)",
            "proxy loop detected - aborting",
            "Broken pipe",
    };

    /** Real time from a call that restarts pveproxy until it does: the answer to the call goes out first. */
    static final long PVEPROXY_RESTART_MILLIS = 300;

    final Site site;
    final String node;
    final boolean pbs;
    /** The node's own certificate ({@code pve-ssl.pem}; a PBS's {@code proxy.pem}): served unless a custom one is installed. */
    final Certs.NodeCert cert;
    int port;
    private volatile Certs.NodeCert served;
    private volatile SslContext ssl;
    private volatile Channel channel;
    private final ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    NodeServer(Site site, String node, boolean pbs, int port, Certs.NodeCert cert) {
        this.site = site;
        this.node = node;
        this.pbs = pbs;
        this.port = port;
        this.cert = cert;
    }

    String endpoint() { return "https://127.0.0.1:" + port; }

    boolean listening() { return channel != null && channel.isOpen(); }

    ChannelFuture bind() {
        try {
            return bindPort();
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** The certificate the node serves now. */
    Certs.NodeCert served() {
        Certs.NodeCert c = served;
        return c == null ? cert : c;
    }

    /** What pveproxy loads when it starts: the custom certificate when one is installed, else the node's own. */
    private Certs.NodeCert startupCert() {
        if (pbs) return cert;
        synchronized (site) {
            Certs.NodeCert c = site.pveproxyCustom(node);
            return c == null ? cert : c;
        }
    }

    private void serve(Certs.NodeCert c) {
        if (ssl != null && c == served) return;
        try {
            // a key manager over the in-memory key: no PKCS12 key store (its key derivation costs ~10 ms per node)
            ssl = SslContextBuilder.forServer(new FixedKeyManager(c)).sslProvider(SslProvider.JDK).build();
            served = c;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code systemctl reload-or-restart pveproxy}: the node loads its certificate files again and serves what they hold on its
     * port; its open connections close, so clients connect (and shake hands) again.
     */
    void restartPveproxy() {
        serve(startupCert());
        children.close();
    }

    private ChannelFuture bindPort() throws Exception {
        serve(startupCert()); // a node whose port opens again (boot, reinstall) starts pveproxy afresh
        ServerBootstrap b = new ServerBootstrap().group(site.lab.group()).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 64)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        children.add(ch);
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc()), new HttpServerCodec(),
                                new HttpObjectAggregator(4 << 20), new Handler());
                    }
                });
        if (port == 0) {
            // a random free port below the kernel's ephemeral range (32768+): when the port is closed (unreachable, reinstall)
            // no outgoing connection of any process can take it meanwhile, so binding it again works
            for (int candidate; (candidate = site.lab.nextPortCandidate()) > 0; ) {
                ChannelFuture f = b.bind(new InetSocketAddress("127.0.0.1", candidate)).awaitUninterruptibly();
                if (f.isSuccess()) {
                    channel = f.channel();
                    port = candidate;
                    return f;
                }
            }
        }
        ChannelFuture f = b.bind(new InetSocketAddress("127.0.0.1", port));
        // Recorded at once rather than by a listener: Netty wakes a thread awaiting the bind before it runs the
        // listeners, and a caller that then found the port not listening would bind it a second time, against itself.
        Channel c = f.channel();
        channel = c;
        f.addListener(cf -> {
            if (!cf.isSuccess() && channel == c) channel = null;
        });
        return f;
    }

    void close() {
        Channel c = channel;
        channel = null;
        if (c != null) c.close().syncUninterruptibly();
        // reset open connections rather than close them politely: a FIN_WAIT socket on the port would block binding it again
        for (Channel ch : children) ch.config().setOption(ChannelOption.SO_LINGER, 0);
        children.close().awaitUninterruptibly();
    }

    /** Serves exactly one key and certificate chain. */
    static final class FixedKeyManager extends javax.net.ssl.X509ExtendedKeyManager {
        private final Certs.NodeCert c;

        FixedKeyManager(Certs.NodeCert c) { this.c = c; }

        private String alias(String keyType) { return c.key().getAlgorithm().equals(keyType) ? "node" : null; }

        @Override public String[] getClientAliases(String keyType, java.security.Principal[] issuers) { return null; }
        @Override public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) { return null; }
        @Override public String[] getServerAliases(String keyType, java.security.Principal[] issuers) { return new String[]{"node"}; }
        @Override public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) { return alias(keyType); }
        @Override public String chooseEngineServerAlias(String keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) { return alias(keyType); }
        @Override public java.security.cert.X509Certificate[] getCertificateChain(String alias) { return c.chain().toArray(new java.security.cert.X509Certificate[0]); }
        @Override public java.security.PrivateKey getPrivateKey(String alias) { return c.key(); }
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (!pbs && goingDown()) {
                ctx.close(); // the node is shutting down: its port is about to close, connections drop
                return;
            }
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            String method = req.method().name();
            QueryStringDecoder qs = new QueryStringDecoder(req.uri());
            String fullPath = qs.rawPath();
            String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
            String body = req.content().toString(StandardCharsets.UTF_8);
            String ctype = req.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
            boolean open = !pbs && fullPath.equals("/api2/json/access/ticket");
            String authId = open ? "" : authenticate(auth);
            if (authId == null && !pbs && auth == null) {
                String ticket = cookie(req.headers().get(HttpHeaderNames.COOKIE), "PVEAuthCookie");
                if (ticket != null) {
                    authId = verifyTicket(ticket);
                    if (authId != null && !method.equals("GET") && !verifyCsrf(authId, req.headers().get("CSRFPreventionToken"))) {
                        write(ctx, new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, new HttpResponseStatus(401, "Permission denied - invalid csrf token")), keepAlive);
                        return;
                    }
                }
            }
            if (authId == null) {
                long delay = site.lab.options().authFailureDelay().toMillis();
                Runnable r = () -> {
                    FullHttpResponse resp = pbs
                            ? json(new HttpResponseStatus(401, "authentication failed"), "\"authentication failed - invalid credentials\"")
                            : new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, new HttpResponseStatus(401, auth == null ? "No ticket" : "authentication failure"));
                    write(ctx, resp, keepAlive);
                };
                if (delay > 0) ctx.executor().schedule(r, delay, TimeUnit.MILLISECONDS);
                else r.run();
                return;
            }
            long latency = site.faults.latencyMs;
            String who = authId;
            long failDelay = site.lab.options().authFailureDelay().toMillis();
            Runnable work = () -> {
                FullHttpResponse resp = process(method, fullPath, qs, body, ctype, who);
                if (resp.status().code() == 401 && failDelay > 0) ctx.executor().schedule(() -> write(ctx, resp, keepAlive), failDelay, TimeUnit.MILLISECONDS);
                else write(ctx, resp, keepAlive);
            };
            if (latency > 0) ctx.executor().schedule(work, latency, TimeUnit.MILLISECONDS);
            else work.run();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private boolean goingDown() {
        synchronized (site) {
            return site.powerDown(node);
        }
    }

    private String authenticate(String header) {
        if (header == null) return null;
        Matcher m = (pbs ? PBS_TOKEN : PVE_TOKEN).matcher(header);
        if (!m.find()) return null;
        String v = QueryStringDecoder.decodeComponent(m.group(1).trim());
        char sep = pbs ? ':' : '=';
        int bang = v.indexOf('!');
        int i = bang < 0 ? -1 : v.indexOf(sep, bang);
        if (i < 0) return null;
        String id = v.substring(0, i), secret = v.substring(i + 1);
        synchronized (site) {
            return site.access(pbs).authenticate(id, secret, site.nowEpoch());
        }
    }

    /** A cookie's value, percent-decoded like PVE does (a '+' stays a '+'). */
    static String cookie(String header, String name) {
        if (header == null) return null;
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith(name + "=")) return Router.pctDecode(p.substring(name.length() + 1));
        }
        return null;
    }

    private String verifyTicket(String ticket) {
        synchronized (site) {
            return Tickets.verify(site.view(node).authKey, ticket, site.nowEpoch());
        }
    }

    private boolean verifyCsrf(String user, String token) {
        synchronized (site) {
            return Tickets.verifyCsrf(site.view(node).authKey, user, token, site.nowEpoch());
        }
    }

    private FullHttpResponse process(String method, String fullPath, QueryStringDecoder qs, String body, String ctype, String authId) {
        try {
            String prefix = "/api2/json";
            if (!fullPath.startsWith(prefix + "/") && !fullPath.equals(prefix)) {
                throw pbs ? new ApiException(404, "Path '" + fullPath + "' not found.") : new ApiException(501, "Method '" + method + " " + fullPath + "' not implemented");
            }
            String path = fullPath.substring(prefix.length());
            if (path.isEmpty()) path = "/";
            if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
            double rate = site.faults.errorRate;
            if (rate > 0 && ThreadLocalRandom.current().nextDouble() < rate) {
                throw new ApiException(500, RANDOM_ERRORS[ThreadLocalRandom.current().nextInt(RANDOM_ERRORS.length)]);
            }
            Router router = pbs ? PbsApi.ROUTER : PveApi.ROUTER;
            Router.Match m = router.match(method, path);
            if (m == null) {
                throw pbs ? new ApiException(404, "Path '" + fullPath + "' not found.") : new ApiException(501, "Method '" + method + " " + path + "' not implemented");
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> e : qs.parameters().entrySet()) params.put(e.getKey(), String.join("\0", e.getValue()));
            if (!body.isBlank()) parseBody(body, ctype, params);
            Map<String, String> missing = new LinkedHashMap<>();
            for (String r : m.route().required()) {
                if (!m.pathParams().containsKey(r) && (params.get(r) == null || params.get(r).isEmpty())) {
                    missing.put(r, "property is missing and it is not optional");
                }
            }
            if (!missing.isEmpty()) throw new ApiException(400, "Parameter verification failed.", missing);
            if (m.route().rootOnly() && !Site.ROOT.equals(authId)) throw new ApiException(403, "Permission check failed (user != root@pam)");
            String target = m.pathParams().get("node");
            Router.Request r = new Router.Request(site, node, method, path, m.pathParams(), params, authId);
            Object result;
            synchronized (site) {
                site.settle();
                if (authId.indexOf('!') > 0 && !site.access(pbs).privileged(authId)) {
                    // a privilege-separated token without an ACL entry (or whose user has none) may do nothing
                    throw new ApiException(403, pbs ? "permission check failed" : "Permission check failed (" + authId + " has no privileges)");
                }
                if (!pbs && target != null) {
                    if (!site.view(node).members.contains(target)) {
                        throw new ApiException(500, "hostname lookup '" + target + "' failed - failed to get address info for: " + target + ": Name or service not known");
                    }
                    if (!target.equals(node) && !site.nodeOnline(target)) {
                        throw new ApiException(595, "No route to host");
                    }
                }
                result = m.route().handler().handle(r);
            }
            Map<String, Object> env = new LinkedHashMap<>();
            if (result instanceof Router.Paged p) {
                env.put("data", p.data());
                env.put("total", p.total());
            } else {
                env.put("data", result);
            }
            return json(HttpResponseStatus.OK, JSON.writeValueAsString(env));
        } catch (ApiException e) {
            return error(e);
        } catch (Exception e) {
            return error(new ApiException(500, String.valueOf(e.getMessage())));
        }
    }

    private static void parseBody(String body, String ctype, Map<String, String> params) throws Exception {
        if (ctype.contains("json")) {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode v = e.getValue();
                    String s = v.isBoolean() ? (v.booleanValue() ? "1" : "0") : v.isValueNode() ? v.asText() : v.toString();
                    putParam(params, e.getKey(), s);
                }
            }
        } else {
            QueryStringDecoder d = new QueryStringDecoder(body, false);
            for (Map.Entry<String, List<String>> e : d.parameters().entrySet()) putParam(params, e.getKey(), String.join("\0", e.getValue()));
        }
    }

    private static void putParam(Map<String, String> params, String k, String v) {
        String old = params.get(k);
        if (old != null && !old.equals(v)) {
            throw new ApiException(400, "Parameter verification failed.", Map.of(k, "duplicate parameter (already defined in URI)"));
        }
        params.put(k, v);
    }

    private FullHttpResponse error(ApiException e) {
        String msg = e.getMessage() == null ? "unknown error" : e.getMessage();
        String first = msg.split("\n", 2)[0];
        HttpResponseStatus st = new HttpResponseStatus(e.status(), first.isEmpty() ? "error" : first);
        try {
            if (pbs) {
                String m = e.errors() == null ? msg : msg + "\n" + e.errors().entrySet().stream()
                        .map(x -> "parameter '" + x.getKey() + "': " + x.getValue()).reduce((a, b) -> a + "\n" + b).orElse("");
                return json(st, JSON.writeValueAsString(m));
            }
            Map<String, Object> env = new LinkedHashMap<>();
            env.put("data", null);
            env.put("message", msg.endsWith("\n") ? msg : msg + "\n");
            if (e.errors() != null) env.put("errors", e.errors());
            return json(st, JSON.writeValueAsString(env));
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    static FullHttpResponse json(HttpResponseStatus st, String body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, st, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json;charset=UTF-8");
        return r;
    }

    static void write(ChannelHandlerContext ctx, FullHttpResponse resp, boolean keepAlive) {
        resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, resp.content().readableBytes());
        if (keepAlive) {
            resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(resp);
        } else {
            ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
