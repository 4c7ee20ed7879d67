package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.edgerunbooks.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Calls one Proxmox API endpoint with a token (or, for the few routes only {@code root@pam} may
 * call, a ticket from {@link #login}): builds the request, unwraps the {@code {"data":…}} envelope
 * into a typed value, and maps every failure to an {@link ApplicationFailure}. Cheap to build; the
 * pooled, pinned {@link ApiConnection} is shared, whatever the authentication.
 */
public final class ApiEndpoint {
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private final String storeId;
  private final ApiFlavor flavor;
  private final ApiConnection connection;
  private final Auth auth; // carries the secret: never logged, never in a message
  private final ClientSettings settings;
  private final StoreRateLimit rateLimit;

  public ApiEndpoint(
      String storeId,
      ApiFlavor flavor,
      ApiConnection connection,
      String tokenId,
      String tokenSecret,
      ClientSettings settings,
      StoreRateLimit rateLimit) {
    this(storeId, flavor, connection, new TokenAuth(flavor.authorization(tokenId, tokenSecret)), settings, rateLimit);
  }

  private ApiEndpoint(
      String storeId,
      ApiFlavor flavor,
      ApiConnection connection,
      Auth auth,
      ClientSettings settings,
      StoreRateLimit rateLimit) {
    this.storeId = storeId;
    this.flavor = flavor;
    this.connection = connection;
    this.auth = auth;
    this.settings = settings;
    this.rateLimit = rateLimit;
  }

  /**
   * Logs in as {@code username} with a password ({@code POST /access/ticket}) and returns an
   * endpoint on the same pinned connection that sends the ticket as a cookie, plus the CSRF token on
   * every call that changes something. Only for the routes no API token may call (those only {@code
   * root@pam} may: creating or joining a cluster, creating an OSD). The password is sent once, in the
   * request body, and kept nowhere; the ticket lives as long as the returned endpoint (PVE honours it
   * for two hours).
   *
   * @throws ApplicationFailure AUTH_FAILED (non-retryable) when the password is refused or the user
   *     needs a second factor
   */
  public ApiEndpoint login(String username, String password) {
    Auth login = new PasswordLogin(username);
    Ticket ticket =
        call(login, "POST", "/access/ticket", orderedParams("username", username, "password", password),
            JSON.getTypeFactory().constructType(Ticket.class));
    if (ticket == null || ticket.ticket() == null || ticket.ticket().isBlank()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "POST /access/ticket on " + where() + " gave " + username + " no ticket (a second factor is configured?);"
              + " the runbooks log in with a password only: remove the second factor of " + username
              + " on the staging cluster",
          FailureTypes.AUTH_FAILED);
    }
    return new ApiEndpoint(
        storeId, flavor, connection,
        new TicketAuth(flavor.ticketCookie(ticket.ticket()), ticket.csrfPreventionToken(), username),
        settings, rateLimit);
  }

  /** Whether this endpoint authenticates with a ticket rather than an API token. */
  public boolean usesTicket() {
    return auth instanceof TicketAuth;
  }

  public String storeId() {
    return storeId;
  }

  public ApiConnection connection() {
    return connection;
  }

  public ClientSettings settings() {
    return settings;
  }

  /** Where this endpoint is, for messages. */
  public String where() {
    return "store " + storeId + " (" + connection.label() + " at " + connection.endpoint() + ")";
  }

  public <T> T get(String path, Map<String, ?> params, TypeReference<T> type) {
    return call("GET", path, params, JSON.getTypeFactory().constructType(type));
  }

  public <T> T post(String path, Map<String, ?> params, TypeReference<T> type) {
    return call("POST", path, params, JSON.getTypeFactory().constructType(type));
  }

  public <T> T put(String path, Map<String, ?> params, TypeReference<T> type) {
    return call("PUT", path, params, JSON.getTypeFactory().constructType(type));
  }

  public <T> T delete(String path, Map<String, ?> params, TypeReference<T> type) {
    return call("DELETE", path, params, JSON.getTypeFactory().constructType(type));
  }

  private <T> T call(String method, String path, Map<String, ?> params, JavaType type) {
    return call(auth, method, path, params, type);
  }

  private <T> T call(Auth auth, String method, String path, Map<String, ?> params, JavaType type) {
    String call = method + " " + path + " on " + where();
    String form = formEncode(params);
    boolean inBody = method.equals("POST") || method.equals("PUT");
    URI uri = URI.create(connection.apiRoot() + path + (!inBody && !form.isEmpty() ? "?" + form : ""));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(settings.requestTimeout())
            .header("Accept", "application/json");
    auth.sign(request, !method.equals("GET"));
    if (inBody) {
      request
          .header("Content-Type", "application/x-www-form-urlencoded")
          .method(method, HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response;
    try {
      rateLimit.acquire();
      response = connection.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiFailures.unreachable(call, "interrupted", e);
    } catch (IOException e) {
      throw transportFailure(call, e);
    }
    int status = response.statusCode();
    if (status < 200 || status >= 300) {
      throw errorFor(status, response.body(), call, auth);
    }
    return unwrap(response.body(), type, call);
  }

  private ApplicationFailure transportFailure(String call, IOException e) {
    PinnedTrustManager.PinMismatchException mismatch = find(e, PinnedTrustManager.PinMismatchException.class);
    if (mismatch != null) {
      return ApiFailures.pinMismatch(where(), mismatch.expected(), mismatch.served());
    }
    PinnedTrustManager.PinsUnavailableException noPins = find(e, PinnedTrustManager.PinsUnavailableException.class);
    if (noPins != null) {
      return ApiFailures.pinsUnavailable(call, (RuntimeException) noPins.getCause());
    }
    if (e instanceof HttpConnectTimeoutException) {
      return ApiFailures.unreachable(call, "connect timed out after " + settings.connectTimeout(), e);
    }
    if (e instanceof HttpTimeoutException) {
      return ApiFailures.unreachable(call, "no answer within " + settings.requestTimeout(), e);
    }
    if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
      return ApiFailures.unreachable(call, "connection refused", e);
    }
    return ApiFailures.unreachable(call, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (type.isInstance(suppressed)) {
          return type.cast(suppressed);
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /**
   * PVE puts {@code {"data":null,"message":…,"errors":{…}}} in an error body; PBS a plain JSON
   * string (or plain text); a PVE 401 has no body at all.
   */
  private static ApplicationFailure errorFor(int status, String body, String call, Auth auth) {
    String message = null;
    Map<String, String> errors = new LinkedHashMap<>();
    if (body != null && !body.isBlank()) {
      try {
        JsonNode node = JSON.readTree(body);
        if (node.isTextual()) {
          message = node.asText();
        } else if (node.isObject()) {
          message = node.path("message").isTextual() ? node.get("message").asText() : null;
          node.path("errors").fields().forEachRemaining(e -> errors.put(e.getKey(), e.getValue().asText().strip()));
        }
      } catch (JsonProcessingException e) {
        message = body;
      }
      if (message == null) {
        message = body;
      }
      if (message.length() > 500) {
        message = message.substring(0, 500) + "…";
      }
    }
    return ApiFailures.forStatus(status, message, errors, call, auth.whenRefused(), auth.whenLacking());
  }

  private static <T> T unwrap(String body, JavaType type, String call) {
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null || !root.isObject() || !root.has("data")) {
        throw ApiFailures.malformed(call, "no data envelope");
      }
      JsonNode data = root.get("data");
      if (data.isNull() && !type.isContainerType()) {
        return null;
      }
      if (data.isNull()) {
        return JSON.treeToValue(JSON.createArrayNode(), type);
      }
      return JSON.treeToValue(data, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw ApiFailures.malformed(call, e.getClass().getSimpleName());
    }
  }

  /**
   * form-urlencoded with %20 for spaces; booleans as Proxmox's 1/0; nulls left out; a collection
   * (an array parameter such as agent/exec's {@code command}) as the key repeated per element.
   */
  static String formEncode(Map<String, ?> params) {
    if (params == null || params.isEmpty()) {
      return "";
    }
    StringJoiner joined = new StringJoiner("&");
    params.forEach(
        (key, value) -> {
          if (value instanceof Collection<?> values) {
            values.forEach(v -> joined.add(encodeQuery(key) + "=" + encodeQuery(String.valueOf(v))));
          } else if (value != null) {
            Object v = value instanceof Boolean b ? (b ? 1 : 0) : value;
            joined.add(encodeQuery(key) + "=" + encodeQuery(String.valueOf(v)));
          }
        });
    return joined.toString();
  }

  private static Map<String, Object> orderedParams(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put(k1, v1);
    params.put(k2, v2);
    return params;
  }

  private static String encodeQuery(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Percent-encodes one path segment (a UPID, node, datastore): only unreserved characters stay. */
  public static String segment(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "ApiEndpoint[" + flavor.product() + " " + where() + ", " + auth + "]";
  }

  /** How a request proves who sends it. Holds a secret: its toString never shows it. */
  private interface Auth {
    void sign(HttpRequest.Builder request, boolean changes);

    /** What to tell an operator when the server answers 401. */
    String whenRefused();

    /** What to tell an operator when the server answers 403. */
    String whenLacking();
  }

  private static final class TokenAuth implements Auth {
    private final String authorization;

    TokenAuth(String authorization) {
      this.authorization = authorization;
    }

    @Override
    public void sign(HttpRequest.Builder request, boolean changes) {
      request.header("Authorization", authorization);
    }

    @Override
    public String whenRefused() {
      return "the API token was rejected: check the API token in the store's credentials";
    }

    @Override
    public String whenLacking() {
      return "the API token lacks a privilege: check the token's ACL on the store"
          + " (a route only root@pam may call refuses every token: it needs a ticket)";
    }

    @Override
    public String toString() {
      return "token";
    }
  }

  /** PVE checks the CSRF token on every call but a GET; the cookie alone authenticates. */
  private static final class TicketAuth implements Auth {
    private final String cookie;
    private final String csrf;
    private final String user;

    TicketAuth(String cookie, String csrf, String user) {
      this.cookie = cookie;
      this.csrf = csrf;
      this.user = user;
    }

    @Override
    public void sign(HttpRequest.Builder request, boolean changes) {
      request.header("Cookie", cookie);
      if (changes && csrf != null) {
        request.header("CSRFPreventionToken", csrf);
      }
    }

    @Override
    public String whenRefused() {
      return "the ticket of " + user + " was refused (expired after two hours, or the node was reinstalled):"
          + " retry, which logs in again";
    }

    @Override
    public String whenLacking() {
      return user + " lacks a privilege: check the user's ACL on the store";
    }

    @Override
    public String toString() {
      return "ticket of " + user;
    }
  }

  /** The login call itself: no header, the password is in the body. */
  private static final class PasswordLogin implements Auth {
    private final String user;

    PasswordLogin(String user) {
      this.user = user;
    }

    @Override
    public void sign(HttpRequest.Builder request, boolean changes) {}

    @Override
    public String whenRefused() {
      return "the password of " + user + " was refused: check the root password in the store's credentials";
    }

    @Override
    public String whenLacking() {
      return whenRefused();
    }

    @Override
    public String toString() {
      return "login of " + user;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  private record Ticket(
      String username,
      String ticket,
      @JsonProperty("CSRFPreventionToken") String csrfPreventionToken,
      String clustername) {
    @Override
    public String toString() {
      return "Ticket[" + username + "]";
    }
  }
}
