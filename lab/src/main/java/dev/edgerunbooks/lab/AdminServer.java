package dev.edgerunbooks.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.edgerunbooks.lab.PveApi.map;

/** The plain-HTTP admin API on loopback: fault injection, fleet export, metrics. */
final class AdminServer {
    private static final Pattern STORE = Pattern.compile("^/lab/stores/([^/]+)(/.*)?$");
    private final Lab lab;
    private Channel channel;

    AdminServer(Lab lab) { this.lab = lab; }

    int port() { return ((InetSocketAddress) channel.localAddress()).getPort(); }

    void bind(int port) {
        channel = new ServerBootstrap().group(lab.group()).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Handler());
                    }
                }).bind(new InetSocketAddress("127.0.0.1", port)).syncUninterruptibly().channel();
    }

    void close() {
        if (channel != null) channel.close().syncUninterruptibly();
    }

    private record Resp(int status, String type, String body) {}

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            String method = req.method().name();
            String path = new QueryStringDecoder(req.uri()).path();
            String body = req.content().toString(StandardCharsets.UTF_8);
            // faults may (un)bind ports and wait for it: never block the event loop
            CompletableFuture.supplyAsync(() -> handle(method, path, body)).whenComplete((r, e) -> {
                if (e != null) r = new Resp(500, "text/plain", String.valueOf(e.getMessage()) + "\n");
                FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                        Unpooled.copiedBuffer(r.body(), StandardCharsets.UTF_8));
                resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.type());
                ctx.executor().execute(() -> NodeServer.write(ctx, resp, keepAlive));
            });
        }
    }

    /** The PVE mapper plus ISO-8601 instants (inspection records carry them). */
    private static final com.fasterxml.jackson.databind.ObjectMapper ADMIN_JSON = NodeServer.JSON.copy().registerModule(
            new com.fasterxml.jackson.databind.module.SimpleModule().addSerializer(java.time.Instant.class,
                    new com.fasterxml.jackson.databind.ser.std.ToStringSerializer(java.time.Instant.class)));

    private static Resp json(Object o) {
        try {
            return new Resp(200, "application/json", ADMIN_JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Resp text(int status, String s) { return new Resp(status, "text/plain; charset=utf-8", s); }

    private Resp handle(String method, String path, String body) {
        try {
            JsonNode in = body.isBlank() ? NodeServer.JSON.createObjectNode() : NodeServer.JSON.readTree(body);
            if (method.equals("GET") && path.equals("/metrics")) return new Resp(200, "text/plain; version=0.0.4; charset=utf-8", lab.metrics(null));
            if (method.equals("GET") && path.startsWith("/metrics/")) return new Resp(200, "text/plain; version=0.0.4; charset=utf-8", lab.metrics(path.substring(9)));
            if (method.equals("GET") && path.equals("/lab/fleet.yaml")) return new Resp(200, "application/yaml", lab.fleetYaml());
            if (method.equals("GET") && path.equals("/lab/stores")) {
                List<Object> l = new ArrayList<>();
                for (Site s : lab.allSites()) l.add(describe(s));
                return json(l);
            }
            if (path.startsWith("/admin/sites/")) path = "/lab/stores/" + path.substring("/admin/sites/".length());
            if (path.startsWith("/stores/") || path.startsWith("/bad-bundles")) path = "/lab" + path;
            if (path.equals("/lab/bad-bundles") || path.startsWith("/lab/bad-bundles/")) return badBundles(method, path);
            if (path.equals("/vault") || path.startsWith("/vault/")) path = "/lab" + path;
            if (path.equals("/lab/vault") || path.startsWith("/lab/vault/")) {
                Map<String, Object> v = lab.vault().admin(method, path.substring("/lab/vault".length()), in);
                return v == null ? text(404, "no such admin route: " + method + " " + path + "\n") : json(v);
            }
            Matcher m = STORE.matcher(path);
            if (!m.matches()) return text(404, "no such admin route: " + method + " " + path + "\n");
            String id = m.group(1);
            String rest = m.group(2) == null ? "" : m.group(2);
            Faults f = lab.faults(id);
            Site s = lab.site(id);
            String[] parts = rest.split("/");
            if (method.equals("GET") && rest.isEmpty()) return json(describe(s));
            if (method.equals("GET") && rest.equals("/credentials")) return json(lab.credentials(id));
            if (method.equals("GET") && rest.equals("/tokens")) return json(lab.tokens(id));
            if (method.equals("GET") && rest.equals("/inspect")) return json(lab.inspect(id));
            if (method.equals("GET") && rest.equals("/operations")) return json(lab.operations(id));
            if (method.equals("GET") && parts.length == 4 && parts[1].equals("nodes") && parts[3].equals("certificate")) {
                return json(lab.certificate(id, parts[2]));
            }
            if (method.equals("DELETE") && rest.equals("/operations")) {
                lab.resetOperations(id);
                return json(lab.operations(id));
            }
            if (method.equals("POST") && parts.length == 4 && parts[1].equals("nodes") && parts[3].equals("upgrade")) {
                JsonNode pk = in.path("packages");
                if (!pk.isObject()) return text(400, "body must be {\"packages\": {\"name\": \"version\", …}}\n");
                Map<String, String> packages = new LinkedHashMap<>();
                pk.fields().forEachRemaining(e -> packages.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : null));
                return json(lab.upgradeNode(id, parts[2], packages));
            }
            if (method.equals("POST") && parts.length == 4 && parts[1].equals("nodes") && parts[3].equals("power-on")) {
                lab.powerOn(id, parts[2]);
                return json(lab.inspect(id));
            }
            if (method.equals("POST") && parts.length == 4 && parts[1].equals("nodes") && parts[3].equals("reinstall")) {
                lab.reinstall(id, parts[2]);
                return json(lab.inspect(id));
            }
            if (method.equals("PUT") && rest.equals("/faults/api")) {
                f.apiErrors(in.path("errorRate").asDouble(0), Duration.ofMillis(in.path("latencyMs").asLong(0)));
            } else if (method.equals("PUT") && rest.equals("/faults/unreachable")) {
                f.unreachable(in.path("enabled").asBoolean(true));
            } else if (method.equals("PUT") && rest.equals("/faults/slo")) {
                Map<String, Double> o = new HashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    o.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asDouble());
                }
                f.slo(o);
            } else if (method.equals("PUT") && rest.equals("/bundle")) {
                f.bundleVersion(in.path("version").asText());
            } else if (method.equals("DELETE") && rest.equals("/faults")) {
                f.clear();
            } else if (method.equals("PUT") && parts.length == 4 && parts[1].equals("nodes") && parts[3].equals("offline")) {
                f.nodeOffline(parts[2], in.path("enabled").asBoolean(true));
            } else if (method.equals("PUT") && parts.length == 4 && parts[1].equals("nodes") && parts[3].equals("fail-upgrade")) {
                f.failUpgrade(parts[2], in.path("enabled").asBoolean(true));
            } else if (method.equals("PUT") && parts.length == 4 && parts[1].equals("nodes") && parts[3].equals("broken-certificate")) {
                f.brokenCertificateAfterUpload(parts[2], in.path("enabled").asBoolean(true));
            } else if (method.equals("POST") && parts.length == 4 && parts[1].equals("guests")) {
                int vmid = Integer.parseInt(parts[2]);
                switch (parts[3]) {
                    case "corrupt-backup" -> f.corruptNewestBackup(vmid);
                    case "fail-restore" -> f.failRestore(vmid);
                    case "no-boot" -> f.noBoot(vmid);
                    case "fail-probe" -> f.failProbe(vmid);
                    default -> {
                        return text(404, "no such fault: " + parts[3] + "\n");
                    }
                }
            } else {
                return text(404, "no such admin route: " + method + " " + path + "\n");
            }
            return json(describe(s));
        } catch (ApiException e) {
            return text(e.status(), e.getMessage() + "\n");
        } catch (NoSuchElementException e) {
            return text(404, e.getMessage() + "\n");
        } catch (IllegalArgumentException e) {
            return text(400, e.getMessage() + "\n");
        } catch (Exception e) {
            return text(400, "bad request: " + e.getMessage() + "\n");
        }
    }

    /** {@code GET /lab/bad-bundles}, {@code PUT|DELETE /lab/bad-bundles/{version}}: the bundle versions marked bad. */
    private Resp badBundles(String method, String path) {
        String version = path.equals("/lab/bad-bundles") ? null : path.substring("/lab/bad-bundles/".length());
        if (version == null && !method.equals("GET") || version != null && !method.equals("PUT") && !method.equals("DELETE")) {
            return text(404, "no such admin route: " + method + " " + path + "\n");
        }
        if (version != null) lab.badBundle(version, method.equals("PUT"));
        return json(new java.util.TreeSet<>(lab.badBundles()));
    }

    static Map<String, Object> describe(Site s) {
        synchronized (s) {
            Map<String, Object> nodes = new LinkedHashMap<>();
            for (NodeServer ns : s.servers.values()) {
                nodes.put(ns.node, map("endpoint", ns.endpoint(), "fingerprint", ns.served().fingerprint(), "listening", ns.listening(),
                        "cluster", s.view(ns.node).name, "reinstalling", s.reinstalling(ns.node), "rebooting", s.powerDown(ns.node)));
            }
            Site.FaultState f = s.faults;
            return map("id", s.id, "region", s.region, "timeZone", s.tz.getId(), "staging", s.staging, "pilot", s.pilot, "wave", s.wave,
                    "nodes", nodes,
                    "pbs", s.pbsServer == null ? null : map("endpoint", s.pbsServer.endpoint(), "fingerprint", s.pbsServer.cert.fingerprint(), "listening", s.pbsServer.listening()),
                    "bundleVersion", s.bundleVersion,
                    "faults", map("errorRate", f.errorRate, "latencyMs", f.latencyMs, "unreachable", f.unreachable, "offlineNodes", List.copyOf(f.offline),
                            "failRestore", List.copyOf(f.failRestore), "noBoot", List.copyOf(f.noBoot), "failProbe", List.copyOf(f.failProbe),
                            "failUpgrade", List.copyOf(f.failUpgrade), "brokenCertificate", List.copyOf(f.brokenCertificate), "slo", Map.copyOf(f.slo)));
        }
    }
}
