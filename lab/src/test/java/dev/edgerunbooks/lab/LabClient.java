package dev.edgerunbooks.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Test client: real HTTPS, trusting only certificates whose SHA-256 fingerprint is pinned. */
final class LabClient {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http;

    record Resp(int status, String body, JsonNode json) {
        JsonNode data() { return json.get("data"); }
    }

    LabClient(Set<String> pins) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[]{new PinningTrustManager(pins)}, null);
            http = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String fingerprint(X509Certificate c) throws CertificateException {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static final class PinningTrustManager implements X509TrustManager {
        private final Set<String> pins;

        PinningTrustManager(Set<String> pins) { this.pins = pins; }

        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("no client certs");
        }

        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            String fp = fingerprint(chain[0]);
            if (!pins.contains(fp)) throw new CertificateException("fingerprint " + fp + " not pinned");
        }

        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }

    static String form(Map<String, ?> params) {
        return params == null ? "" : params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(String.valueOf(e.getValue()), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    Resp call(String method, URI base, String path, String auth, Map<String, ?> params) throws Exception {
        return callWith(method, base, path, auth == null ? Map.of() : Map.of("Authorization", auth), params);
    }

    /** With any headers, e.g. {@code Cookie: PVEAuthCookie=…} and {@code CSRFPreventionToken}. */
    Resp callWith(String method, URI base, String path, Map<String, String> headers, Map<String, ?> params) throws Exception {
        String form = form(params);
        boolean query = method.equals("GET") || method.equals("DELETE");
        URI uri = URI.create(base + path + (query && !form.isEmpty() ? "?" + form : ""));
        if (query) return send(method, uri, headers, null, null);
        return send(method, uri, headers, form, "application/x-www-form-urlencoded");
    }

    /** A request with a body as given (JSON, repeated form fields…). */
    Resp send(String method, URI uri, Map<String, String> headers, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        if (body == null) b.method(method, HttpRequest.BodyPublishers.noBody());
        else b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode j = r.body().isEmpty() ? null : JSON.readTree(r.body());
        return new Resp(r.statusCode(), r.body(), j);
    }

    /** Headers of a ticket login: the cookie, plus the CSRF token (needed on every call but GET). */
    static Map<String, String> ticketHeaders(JsonNode login) {
        return Map.of("Cookie", "PVEAuthCookie=" + enc(login.get("ticket").asText()), "CSRFPreventionToken", login.get("CSRFPreventionToken").asText());
    }

    static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"); }

    /** A call of the lab's admin API: {@code "<status> <body>"}. */
    static String admin(Lab lab, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(lab.adminUri().resolve(path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }
}
