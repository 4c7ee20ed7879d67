package dev.edgerunbooks.starters.cli;

import com.google.protobuf.ByteString;
import dev.edgerunbooks.workflows.backupverify.BackupVerifyWorkflow;
import dev.edgerunbooks.workflows.backupverify.StoreBackupVerifyWorkflow;
import dev.edgerunbooks.workflows.certrotation.CertRotationWorkflow;
import dev.edgerunbooks.workflows.certrotation.StoreCertRotationWorkflow;
import dev.edgerunbooks.workflows.drdrill.DrDrillWorkflow;
import dev.edgerunbooks.workflows.drdrill.StoreDrillWorkflow;
import dev.edgerunbooks.workflows.evidence.EvidenceWorkflow;
import dev.edgerunbooks.workflows.evidence.StoreEvidenceWorkflow;
import dev.edgerunbooks.workflows.patch.EvacuateNodeWorkflow;
import dev.edgerunbooks.workflows.patch.PatchBatchWorkflow;
import dev.edgerunbooks.workflows.patch.PatchWaveWorkflow;
import dev.edgerunbooks.workflows.patch.RollbackStoreWorkflow;
import dev.edgerunbooks.workflows.patch.StorePatchWorkflow;
import dev.edgerunbooks.workflows.restoretest.RestoreGuestWorkflow;
import dev.edgerunbooks.workflows.restoretest.RestoreTestWorkflow;
import dev.edgerunbooks.workflows.restoretest.StagingRestoreWorkflow;
import dev.edgerunbooks.workflows.tokenrotation.StoreTokenRotationWorkflow;
import dev.edgerunbooks.workflows.tokenrotation.TokenRotationWorkflow;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.filter.v1.StartTimeFilter;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc.WorkflowServiceBlockingStub;
import io.temporal.client.WorkflowClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The runs {@code edgerun list} shows. Against a Temporal cluster it asks visibility with {@code
 * ListWorkflowExecutions} and a query for the state and the runbook's id prefix. Temporal's test
 * server (the embedded product) has no query-based listing (see docs/cli.md), so there it lists the
 * open and the closed runs and filters them here. Search attributes are not used: the store
 * filter, which no query can express (a part of the id), is always applied here.
 *
 * <p>Which runbook a run belongs to, and whether it is a store's part of a fleet run, is read from
 * its workflow type: the test server's listing does not say a run's parent.
 */
final class RunListing {
  private static final int PAGE = 1000;
  /** How many runs a listing looks at before it stops looking for more that match. */
  private static final int SCAN_MAX = 20_000;

  /** The runbook of each workflow type: the runbooks' own runs and their parts (store, region, batch, guest). */
  static final Map<String, String> RUNBOOK_OF_TYPE =
      Map.ofEntries(
          runbook(BackupVerifyWorkflow.class, "backup-verify"),
          runbook(StoreBackupVerifyWorkflow.class, "backup-verify"),
          runbook(RestoreTestWorkflow.class, "restore-test"),
          runbook(StagingRestoreWorkflow.class, "restore-test"),
          runbook(RestoreGuestWorkflow.class, "restore-test"),
          runbook(DrDrillWorkflow.class, "dr-drill"),
          runbook(StoreDrillWorkflow.class, "dr-drill"),
          runbook(EvidenceWorkflow.class, "evidence"),
          runbook(StoreEvidenceWorkflow.class, "evidence"),
          runbook(PatchWaveWorkflow.class, "patch-wave"),
          runbook(PatchBatchWorkflow.class, "patch-wave"),
          runbook(StorePatchWorkflow.class, "patch-wave"),
          runbook(EvacuateNodeWorkflow.class, "evacuate-node"),
          runbook(RollbackStoreWorkflow.class, "rollback-store"),
          runbook(CertRotationWorkflow.class, "cert-rotation"),
          runbook(StoreCertRotationWorkflow.class, "cert-rotation"),
          runbook(TokenRotationWorkflow.class, "token-rotation"),
          runbook(StoreTokenRotationWorkflow.class, "token-rotation"));

  private RunListing() {}

  private static Map.Entry<String, String> runbook(Class<?> workflowInterface, String runbook) {
    return Map.entry(RunView.typeOf(workflowInterface), runbook);
  }

  /**
   * What to list; each part null for any.
   *
   * @param runbook runs of this runbook (and with a store, their parts)
   * @param store runs naming the store in their id ({@code …/<store>}, {@code …/<store>/…}, {@code
   *     …/<store>+2}), the runbooks' own runs and their parts; without it, the runbooks' own runs only
   */
  record Filter(String runbook, String store, WorkflowExecutionStatus status) {
    boolean isEmpty() {
      return runbook == null && store == null && status == null;
    }

    String describe() {
      List<String> parts = new ArrayList<>();
      if (runbook != null) {
        parts.add("of " + runbook);
      }
      if (store != null) {
        parts.add("naming " + store);
      }
      if (status != null) {
        parts.add(state(status));
      }
      return String.join(", ", parts);
    }

    boolean matches(WorkflowExecutionInfo run) {
      if (status != null && run.getStatus() != status) {
        return false;
      }
      if (store == null ? isPart(run) : !namesStore(run.getExecution().getWorkflowId())) {
        return false;
      }
      return runbook == null || runbook.equals(runbookOf(run));
    }

    private boolean namesStore(String workflowId) {
      return Arrays.stream(workflowId.split("/")).anyMatch(part -> part.equals(store) || part.startsWith(store + "+"));
    }

    /** The visibility query of a cluster: the state, and the runbook's prefix for its own runs. */
    String query() {
      List<String> terms = new ArrayList<>();
      if (status != null) {
        terms.add("ExecutionStatus = '" + visibilityName(status) + "'");
      }
      if (runbook != null && store == null) {
        terms.add("WorkflowId STARTS_WITH '" + runbook + "/'");
      }
      return String.join(" AND ", terms);
    }
  }

  /**
   * @param runs newest first, at most the limit
   * @param more whether more runs match
   */
  record Listed(List<WorkflowExecutionInfo> runs, boolean more, Filter filter) {}

  /**
   * The runs that match, newest first, at most {@code limit}. The rows shown get what the test
   * server's listing leaves out (the close time, the parent) from a describe each.
   */
  static Listed list(WorkflowClient client, Filter filter, int limit) {
    WorkflowServiceBlockingStub service = client.getWorkflowServiceStubs().blockingStub();
    String namespace = client.getOptions().getNamespace();
    List<WorkflowExecutionInfo> matching = new ArrayList<>();
    try {
      page(filter, limit, matching, token -> {
        ListWorkflowExecutionsResponse page =
            service.listWorkflowExecutions(
                ListWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(namespace)
                    .setQuery(filter.query())
                    .setPageSize(PAGE)
                    .setNextPageToken(token)
                    .build());
        return new Page(page.getExecutionsList(), page.getNextPageToken());
      });
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
        throw e;
      }
      matching.clear();
      listOpenAndClosed(service, namespace, filter, limit, matching);
    }
    matching.sort(Comparator.comparing(RunListing::started).reversed());
    boolean more = matching.size() > limit;
    List<WorkflowExecutionInfo> shown =
        matching.subList(0, Math.min(limit, matching.size())).stream().map(run -> whole(service, namespace, run)).toList();
    return new Listed(shown, more, filter);
  }

  /** The run with its close time and parent: described when the listing left them out. */
  private static WorkflowExecutionInfo whole(WorkflowServiceBlockingStub service, String namespace, WorkflowExecutionInfo run) {
    boolean closed = run.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    if (closed == run.hasCloseTime() && (!isPart(run) || parentOf(run) != null)) {
      return run;
    }
    try {
      return service
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder().setNamespace(namespace).setExecution(run.getExecution()).build())
          .getWorkflowExecutionInfo();
    } catch (StatusRuntimeException goneMeanwhile) {
      return run;
    }
  }

  /** The test server's way: every open run, then every closed one, filtered here. */
  private static void listOpenAndClosed(
      WorkflowServiceBlockingStub service, String namespace, Filter filter, int limit, List<WorkflowExecutionInfo> matching) {
    StartTimeFilter anyTime =
        StartTimeFilter.newBuilder()
            .setEarliestTime(Timestamp.getDefaultInstance())
            .setLatestTime(Timestamp.newBuilder().setSeconds(Instant.now().plusSeconds(86_400).getEpochSecond()))
            .build();
    boolean open = filter.status() == null || filter.status() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    boolean closed = filter.status() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    if (open) {
      page(filter, Integer.MAX_VALUE, matching, token -> {
        var runs = service.listOpenWorkflowExecutions(ListOpenWorkflowExecutionsRequest.newBuilder()
            .setNamespace(namespace).setStartTimeFilter(anyTime).setMaximumPageSize(PAGE).setNextPageToken(token).build());
        return new Page(runs.getExecutionsList(), runs.getNextPageToken());
      });
    }
    if (closed) {
      page(filter, Integer.MAX_VALUE, matching, token -> {
        var runs = service.listClosedWorkflowExecutions(ListClosedWorkflowExecutionsRequest.newBuilder()
            .setNamespace(namespace).setStartTimeFilter(anyTime).setMaximumPageSize(PAGE).setNextPageToken(token).build());
        return new Page(runs.getExecutionsList(), runs.getNextPageToken());
      });
    }
  }

  private record Page(List<WorkflowExecutionInfo> runs, ByteString next) {}

  /**
   * Adds the runs that match from page after page, until more than {@code limit} match, there is no
   * next page, or {@link #SCAN_MAX} runs were looked at.
   */
  private static void page(Filter filter, int limit, List<WorkflowExecutionInfo> matching, Function<ByteString, Page> next) {
    ByteString token = ByteString.EMPTY;
    int scanned = 0;
    do {
      Page page = next.apply(token);
      page.runs().stream().filter(filter::matches).forEach(matching::add);
      scanned += page.runs().size();
      token = page.next();
    } while (!token.isEmpty() && matching.size() <= limit && scanned < SCAN_MAX);
  }

  /** {@code running}, {@code completed}, {@code timed-out}, {@code continued-as-new}, … */
  static String state(WorkflowExecutionStatus status) {
    return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The state as visibility queries name it: {@code Running}, {@code ContinuedAsNew}, … */
  private static String visibilityName(WorkflowExecutionStatus status) {
    StringBuilder name = new StringBuilder();
    for (String word : state(status).split("-")) {
      name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }
    return name.toString();
  }

  /** The runbook a run belongs to, by its workflow type; for another type, the first part of its id. */
  static String runbookOf(WorkflowExecutionInfo run) {
    String runbook = RUNBOOK_OF_TYPE.get(run.getType().getName());
    if (runbook != null) {
      return runbook;
    }
    String id = run.getExecution().getWorkflowId();
    int slash = id.indexOf('/');
    return slash < 0 ? id : id.substring(0, slash);
  }

  /** Whether the run is a part of a runbook's run (a store's, a region's, a batch's), not the run itself. */
  static boolean isPart(WorkflowExecutionInfo run) {
    return parentOf(run) != null
        || RUNBOOK_OF_TYPE.containsKey(run.getType().getName()) && RunViews.ofType(run.getType().getName()).isEmpty();
  }

  static String parentOf(WorkflowExecutionInfo run) {
    return run.hasParentExecution() && !run.getParentExecution().getWorkflowId().isEmpty()
        ? run.getParentExecution().getWorkflowId()
        : null;
  }

  static Instant started(WorkflowExecutionInfo run) {
    return instant(run.getStartTime());
  }

  static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
