package dev.edgerunbooks.starters.schedules;

import io.temporal.client.WorkflowOptions;
import io.temporal.internal.common.SearchAttributesUtil;
import io.temporal.api.common.v1.Payload;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleBackfill;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleInfo;
import io.temporal.client.schedules.ScheduleListActionStartWorkflow;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleListInfo;
import io.temporal.client.schedules.ScheduleListSchedule;
import io.temporal.client.schedules.ScheduleListState;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.client.schedules.ScheduleUpdateInput;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.EncodedValues;
import io.temporal.common.converter.GlobalDataConverter;
import io.temporal.workflow.Functions;
import io.grpc.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Temporal server's Schedules in memory, as the SDK's client sees them: what is created comes back
 * described the way the server hands it back (arguments as payloads), memos included.
 */
public final class FakeScheduleClient implements ScheduleClient {
  static final DataConverter CONVERTER = GlobalDataConverter.get();

  record Stored(Schedule schedule, Map<String, Payload> memo) {}

  final Map<String, Stored> schedules = new LinkedHashMap<>();
  /** What was asked of the schedules, in order: {@code pause edge/nightly}, … */
  public final List<String> calls = new ArrayList<>();

  /** {@code schedule} as a describe returns it: its arguments encoded. */
  static Schedule asDescribed(Schedule schedule) {
    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) schedule.getAction();
    EncodedValues arguments = action.getArguments();
    arguments.setDataConverter(CONVERTER);
    Object request = arguments.get(0, Object.class);
    EncodedValues encoded = new EncodedValues(CONVERTER.toPayloads(request), CONVERTER);
    // the server keeps the runs' search attributes as payloads, which the SDK decodes by their type
    WorkflowOptions options = WorkflowOptions.newBuilder(action.getOptions())
        .setTypedSearchAttributes(SearchAttributesUtil.decodeTyped(
            SearchAttributesUtil.encodeTyped(action.getOptions().getTypedSearchAttributes())))
        .build();
    return Schedule.newBuilder(schedule)
        .setAction(ScheduleActionStartWorkflow.newBuilder(action).setRawArguments(encoded).setOptions(options).build())
        .build();
  }

  /** Someone else's schedule, without our memo. */
  void theirs(String id, Schedule schedule) {
    schedules.put(id, new Stored(asDescribed(schedule), Map.of()));
  }

  @Override
  public ScheduleHandle createSchedule(String id, Schedule schedule, ScheduleOptions options) {
    calls.add("create " + id);
    if (schedules.containsKey(id)) {
      throw new ScheduleAlreadyRunningException(null);
    }
    Map<String, Payload> memo = new HashMap<>();
    options.getMemo().forEach((k, v) -> memo.put(k, CONVERTER.toPayload(v).orElseThrow()));
    schedules.put(id, new Stored(asDescribed(schedule), memo));
    return getHandle(id);
  }

  @Override
  public ScheduleHandle getHandle(String id) {
    return new Handle(id);
  }

  @Override
  public Stream<ScheduleListDescription> listSchedules() {
    return schedules.entrySet().stream().map(e -> new ScheduleListDescription(e.getKey(),
        new ScheduleListSchedule(new ScheduleListActionStartWorkflow("x"), e.getValue().schedule().getSpec(),
            new ScheduleListState(null, e.getValue().schedule().getState().isPaused())),
        new ScheduleListInfo(List.of(), List.of()), e.getValue().memo(), CONVERTER, Map.of()));
  }

  @Override
  public Stream<ScheduleListDescription> listSchedules(Integer pageSize) {
    return listSchedules();
  }

  @Override
  public Stream<ScheduleListDescription> listSchedules(String query, Integer pageSize) {
    return listSchedules();
  }

  private final class Handle implements ScheduleHandle {
    private final String id;

    Handle(String id) {
      this.id = id;
    }

    private Stored stored() {
      Stored s = schedules.get(id);
      if (s == null) {
        throw Status.NOT_FOUND.withDescription("schedule not found").asRuntimeException();
      }
      return s;
    }

    private void state(ScheduleState state) {
      Stored s = stored();
      schedules.put(id, new Stored(Schedule.newBuilder(s.schedule()).setState(state).build(), s.memo()));
    }

    @Override
    public String getId() {
      return id;
    }

    @Override
    public void backfill(List<ScheduleBackfill> backfills) {
      stored();
      calls.add("backfill " + id + " " + backfills.get(0).getStartAt() + ".." + backfills.get(0).getEndAt());
    }

    @Override
    public void delete() {
      stored();
      calls.add("delete " + id);
      schedules.remove(id);
    }

    @Override
    public ScheduleDescription describe() {
      Stored s = stored();
      ScheduleInfo info = new ScheduleInfo(0, 0, 0, List.of(), List.of(), List.of(Instant.parse("2026-06-02T03:30:00Z")),
          Instant.EPOCH, null);
      return new ScheduleDescription(id, info, s.schedule(), Map.of(), SearchAttributes.EMPTY, s.memo(), CONVERTER);
    }

    @Override
    public void pause(String note) {
      calls.add("pause " + id);
      state(ScheduleState.newBuilder(stored().schedule().getState()).setPaused(true).setNote(note).build());
    }

    @Override
    public void pause() {
      pause("");
    }

    @Override
    public void trigger(ScheduleOverlapPolicy overlapPolicy) {
      stored();
      calls.add("trigger " + id);
    }

    @Override
    public void trigger() {
      trigger(null);
    }

    @Override
    public void unpause(String note) {
      calls.add("unpause " + id);
      state(ScheduleState.newBuilder(stored().schedule().getState()).setPaused(false).setNote(note).build());
    }

    @Override
    public void unpause() {
      unpause("");
    }

    @Override
    public void update(Functions.Func1<ScheduleUpdateInput, ScheduleUpdate> updater) {
      calls.add("update " + id);
      Stored s = stored();
      ScheduleUpdate update = updater.apply(new ScheduleUpdateInput(describe()));
      schedules.put(id, new Stored(asDescribed(update.getSchedule()), s.memo()));
    }
  }
}
