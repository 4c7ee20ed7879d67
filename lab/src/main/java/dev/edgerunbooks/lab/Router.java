package dev.edgerunbooks.lab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Declarative router: every route has a method, a path template ({@code /nodes/{node}/qemu}), the parameters the lab requires, and a handler. */
public final class Router {

    /** A request as seen by a handler. */
    public record Request(Site site, String servingNode, String method, String path, Map<String, String> pathParams,
                          Map<String, String> params, String authId) {
        /** The cluster (or standalone node) the serving node is in: what this request sees. */
        public Site.Cluster cluster() { return site.view(servingNode); }

        public String p(String name) {
            String v = pathParams.get(name);
            return v != null ? v : params.get(name);
        }

        public String p(String name, String def) {
            String v = p(name);
            return v == null || v.isEmpty() ? def : v;
        }

        public int intP(String name, int def) {
            String v = p(name);
            if (v == null || v.isEmpty()) return def;
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw ApiException.param(name, "type check ('integer') failed - got '" + v + "'");
            }
        }

        public boolean bool(String name) {
            String v = p(name);
            if (v == null || v.isEmpty()) return false;
            switch (v.toLowerCase()) {
                case "1", "true", "yes", "on": return true;
                case "0", "false", "no", "off": return false;
                default: throw ApiException.param(name, "type check ('boolean') failed - got '" + v + "'");
            }
        }
    }

    @FunctionalInterface
    public interface Handler {
        Object handle(Request r);
    }

    /** Result with a {@code total} next to {@code data}. */
    public record Paged(Object data, int total) {}

    /** A route; {@code rootOnly} routes have no permissions in the schema: only {@code root@pam} (not a token) may call them. */
    public record Route(String method, String template, Set<String> required, Handler handler, String[] segments, boolean rootOnly) {
        /** Path parameters of the template, e.g. {@code node}, {@code vmid}. */
        public Set<String> pathParams() {
            Set<String> s = new LinkedHashSet<>();
            for (String seg : segments) if (seg.startsWith("{")) s.add(seg.substring(1, seg.length() - 1));
            return s;
        }
    }

    public record Match(Route route, Map<String, String> pathParams) {}

    private final List<Route> routes = new ArrayList<>();

    static String pctDecode(String s) {
        if (s.indexOf('%') < 0) return s;
        try {
            return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    public Router add(String method, String template, Handler handler, String... required) {
        return add(false, method, template, handler, required);
    }

    /** A route only {@code root@pam} may call (the schema gives it no permissions). */
    public Router addRootOnly(String method, String template, Handler handler, String... required) {
        return add(true, method, template, handler, required);
    }

    private Router add(boolean rootOnly, String method, String template, Handler handler, String... required) {
        String[] segs = template.equals("/") ? new String[0] : template.substring(1).split("/");
        routes.add(new Route(method, template, Collections.unmodifiableSet(new LinkedHashSet<>(List.of(required))), handler, segs, rootOnly));
        return this;
    }

    public List<Route> routes() { return Collections.unmodifiableList(routes); }

    /** The route for method and path, or null. Literal segments win over template segments. */
    public Match match(String method, String path) {
        String[] parts = path.equals("/") || path.isEmpty() ? new String[0] : (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
        for (int i = 0; i < parts.length; i++) parts[i] = pctDecode(parts[i]);
        Match best = null;
        int bestScore = -1;
        for (Route r : routes) {
            if (!r.method.equals(method) || r.segments.length != parts.length) continue;
            Map<String, String> vars = new LinkedHashMap<>();
            int score = 0;
            boolean ok = true;
            for (int i = 0; i < parts.length && ok; i++) {
                String seg = r.segments[i];
                if (seg.startsWith("{")) {
                    if (parts[i].isEmpty()) ok = false;
                    else vars.put(seg.substring(1, seg.length() - 1), parts[i]);
                } else if (seg.equals(parts[i])) {
                    score++;
                } else {
                    ok = false;
                }
            }
            if (ok && score > bestScore) {
                best = new Match(r, vars);
                bestScore = score;
            }
        }
        return best;
    }
}
