package dev.edgerunbooks.activities.proxmox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Calls one Proxmox API endpoint with a token: builds the request, unwraps the {@code {"data":…}}
 * envelope into a typed value, and maps every failure to an {@link ApplicationFailure}. Cheap to
 * build; the pooled, pinned {@link ApiConnection} is shared.
 */
public final class ApiEndpoint {
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private final String storeId;
  private final ApiFlavor flavor;
  private final ApiConnection connection;
  private final String authorization; // carries the secret: never logged, never in a message
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
    this.storeId = storeId;
    this.flavor = flavor;
    this.connection = connection;
    this.authorization = flavor.authorization(tokenId, tokenSecret);
    this.settings = settings;
    this.rateLimit = rateLimit;
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
    String call = method + " " + path + " on " + where();
    String form = formEncode(params);
    boolean inBody = method.equals("POST") || method.equals("PUT");
    URI uri = URI.create(connection.apiRoot() + path + (!inBody && !form.isEmpty() ? "?" + form : ""));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(settings.requestTimeout())
            .header("Authorization", authorization)
            .header("Accept", "application/json");
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
      throw errorFor(status, response.body(), call);
    }
    return unwrap(response.body(), type, call);
  }

  private ApplicationFailure transportFailure(String call, IOException e) {
    PinnedTrustManager.PinMismatchException mismatch = findMismatch(e);
    if (mismatch != null) {
      return ApiFailures.pinMismatch(where(), mismatch.expected(), mismatch.served());
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

  private static PinnedTrustManager.PinMismatchException findMismatch(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PinnedTrustManager.PinMismatchException mismatch) {
        return mismatch;
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (suppressed instanceof PinnedTrustManager.PinMismatchException mismatch) {
          return mismatch;
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
  private static ApplicationFailure errorFor(int status, String body, String call) {
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
    return ApiFailures.forStatus(status, message, errors, call);
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

  /** form-urlencoded with %20 for spaces; booleans as Proxmox's 1/0; nulls left out. */
  static String formEncode(Map<String, ?> params) {
    if (params == null || params.isEmpty()) {
      return "";
    }
    StringJoiner joined = new StringJoiner("&");
    params.forEach(
        (key, value) -> {
          if (value != null) {
            Object v = value instanceof Boolean b ? (b ? 1 : 0) : value;
            joined.add(encodeQuery(key) + "=" + encodeQuery(String.valueOf(v)));
          }
        });
    return joined.toString();
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
    return "ApiEndpoint[" + flavor.product() + " " + where() + "]";
  }
}
