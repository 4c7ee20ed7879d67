package dev.edgerunbooks.starters.namespace;

import dev.edgerunbooks.workflows.common.RunAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc.OperatorServiceBlockingStub;
import io.temporal.common.SearchAttributeKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Registers the runs' search attributes ({@link RunAttributes}) in a namespace, as {@code temporal
 * operator search-attribute create} would. The central worker does it at start; where it may not
 * (Temporal Cloud, a namespace managed by others), {@link #commands} says what an administrator runs.
 */
public final class SearchAttributeSetup {
  private SearchAttributeSetup() {}

  /** Why the attributes could not be made ready. */
  public static final class SetupRefused extends RuntimeException {
    SetupRefused(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Adds the attributes the namespace lacks and returns their names (empty when all are there).
   *
   * @throws SetupRefused when one is registered with another type (where the server lists them), or
   *     the server refuses to list or add them; the message names the commands to run
   */
  public static List<String> ensure(OperatorServiceBlockingStub operator, String namespace) {
    Map<String, IndexedValueType> registered;
    try {
      registered = operator.listSearchAttributes(ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
          .getCustomAttributesMap();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
        throw refused(namespace, "listing the namespace's search attributes failed: " + e.getStatus(), e);
      }
      // Temporal's test server cannot list them: add each, and take one it already has as it is
      List<String> added = new ArrayList<>();
      for (SearchAttributeKey<?> key : RunAttributes.ALL) {
        if (add(operator, namespace, Map.of(key.getName(), key.getValueType()))) added.add(key.getName());
      }
      return added;
    }
    Map<String, IndexedValueType> missing = new LinkedHashMap<>();
    for (SearchAttributeKey<?> key : RunAttributes.ALL) {
      IndexedValueType existing = registered.get(key.getName());
      if (existing == null) {
        missing.put(key.getName(), key.getValueType());
      } else if (existing != key.getValueType()) {
        throw refused(namespace, key.getName() + " is registered as " + cliType(existing) + ", not "
            + cliType(key.getValueType()) + "; the runs cannot carry it", null);
      }
    }
    if (!missing.isEmpty()) add(operator, namespace, missing);
    return new ArrayList<>(missing.keySet());
  }

  /** Adds the attributes; false when the server already has them. */
  private static boolean add(OperatorServiceBlockingStub operator, String namespace, Map<String, IndexedValueType> attributes) {
    try {
      operator.addSearchAttributes(
          AddSearchAttributesRequest.newBuilder().setNamespace(namespace).putAllSearchAttributes(attributes).build());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) return false;
      throw refused(namespace, "adding " + String.join(", ", attributes.keySet()) + " failed: " + e.getStatus(), e);
    }
  }

  /** The {@code temporal} CLI commands that register every attribute, one per line. */
  public static String commands(String namespace) {
    return RunAttributes.ALL.stream()
        .map(key -> "  temporal operator search-attribute create --namespace " + namespace + " --name " + key.getName()
            + " --type " + cliType(key.getValueType()))
        .collect(Collectors.joining("\n"));
  }

  /** The type as the temporal CLI spells it: Keyword, KeywordList, … */
  static String cliType(IndexedValueType type) {
    String[] words = type.name().replace("INDEXED_VALUE_TYPE_", "").toLowerCase().split("_");
    StringBuilder name = new StringBuilder();
    for (String w : words) name.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
    return name.toString();
  }

  private static SetupRefused refused(String namespace, String why, Throwable cause) {
    return new SetupRefused("the runs' search attributes are not ready in namespace " + namespace + ": " + why
        + ". Temporal refuses the runs edgerun starts until they are; register them with:\n" + commands(namespace), cause);
  }
}
