package dev.edgerunbooks.activities.backupverify;

import dev.edgerunbooks.activities.proxmox.TlsServer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Answers by "METHOD target" from a script; each route plays its responses in order and repeats
 * the last. Anything unscripted gets PVE's 501, so a wrong path fails loudly.
 */
public final class ScriptedApi extends Dispatcher {
  private final Map<String, Deque<MockResponse>> routes = new ConcurrentHashMap<>();
  public final List<String> calls = new CopyOnWriteArrayList<>();

  public ScriptedApi on(String methodAndTarget, String... bodies) {
    Deque<MockResponse> responses = new ArrayDeque<>();
    for (String body : bodies) {
      responses.add(TlsServer.json(200, body));
    }
    routes.put(methodAndTarget, responses);
    return this;
  }

  public long count(String methodAndTarget) {
    return calls.stream().filter(methodAndTarget::equals).count();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String key = request.getMethod() + " " + request.getTarget();
    calls.add(key);
    Deque<MockResponse> responses = routes.get(key);
    if (responses == null) {
      return TlsServer.json(501, "{\"data\":null,\"message\":\"Method '" + key + "' not implemented\"}");
    }
    synchronized (responses) {
      return responses.size() > 1 ? responses.poll() : responses.peek();
    }
  }
}
