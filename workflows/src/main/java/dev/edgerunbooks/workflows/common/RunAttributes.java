package dev.edgerunbooks.workflows.common;

import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * The search attributes (and the static summary) every run carries, so that the Temporal UI and
 * {@code temporal workflow list --query} find runs by what operators ask about: {@code EdgeRunbook =
 * 'patch-wave' AND EdgeStore = 'store-0007'}. They must be registered in the namespace (the central worker does it
 * at start where it may, docs/configuration.md says how otherwise): a server refuses a start that
 * names an unknown one.
 *
 * <p>A fleet run gets them from whoever starts it (the CLI, a schedule). Its children inherit the
 * runbook and bundle and add their own store and wave, but only when the parent carries them: a
 * parent started without them (from the UI, or on a namespace where they are not registered) starts
 * children without them too, since a child naming an unregistered attribute would fail its parent's
 * workflow task over and over.
 */
public final class RunAttributes {
  public static final SearchAttributeKey<String> RUNBOOK = SearchAttributeKey.forKeyword("EdgeRunbook");
  /** The stores a run acts on: one for a store's run, several for a batch or a run over some stores. */
  public static final SearchAttributeKey<List<String>> STORE = SearchAttributeKey.forKeywordList("EdgeStore");
  public static final SearchAttributeKey<String> WAVE = SearchAttributeKey.forKeyword("EdgeWave");
  public static final SearchAttributeKey<String> BUNDLE = SearchAttributeKey.forKeyword("EdgeBundle");

  public static final List<SearchAttributeKey<?>> ALL = List.of(RUNBOOK, STORE, WAVE, BUNDLE);

  /** Stores a summary names before "+N more". */
  static final int SUMMARY_STORES = 3;

  private RunAttributes() {}

  /** A runbook's own run: the runbook, and the stores and bundle its request names. */
  public static SearchAttributes ofRun(String runbook, RunScope scope) {
    SearchAttributes.Builder attributes = SearchAttributes.newBuilder().set(RUNBOOK, runbook);
    if (!scope.stores().isEmpty()) attributes.set(STORE, List.copyOf(scope.stores()));
    if (scope.bundle() != null) attributes.set(BUNDLE, scope.bundle());
    return attributes.build();
  }

  /**
   * The static summary a runbook's own run shows in the Temporal UI: "patch-wave of bundle
   * 2026.12.0 on store-0001, store-0002, started by user:alice".
   */
  public static String summaryOf(String runbook, RunScope scope) {
    StringBuilder text = new StringBuilder(runbook);
    if (scope.bundle() != null) text.append(" of bundle ").append(scope.bundle());
    List<String> stores = scope.stores();
    if (stores.isEmpty()) {
      text.append(" on the whole fleet");
    } else {
      text.append(" on ").append(String.join(", ", stores.subList(0, Math.min(SUMMARY_STORES, stores.size()))));
      if (stores.size() > SUMMARY_STORES) text.append(" (+").append(stores.size() - SUMMARY_STORES).append(" more)");
    }
    return text.append(", started by ").append(scope.startedBy()).toString();
  }

  /**
   * Gives a child of the current workflow the parent's runbook and bundle with its own stores, and
   * its wave: {@code wave}, or the parent's when null (a store of a wave's batch is in that wave);
   * nothing when the parent carries no runbook.
   */
  public static ChildWorkflowOptions.Builder forChild(ChildWorkflowOptions.Builder options, List<String> stores, String wave) {
    SearchAttributes parent = Workflow.getTypedSearchAttributes();
    if (!parent.containsKey(RUNBOOK)) return options;
    SearchAttributes.Builder attributes = SearchAttributes.newBuilder().set(RUNBOOK, parent.get(RUNBOOK));
    if (parent.containsKey(BUNDLE)) attributes.set(BUNDLE, parent.get(BUNDLE));
    if (!stores.isEmpty()) attributes.set(STORE, List.copyOf(stores));
    String inWave = wave != null ? wave : parent.get(WAVE);
    if (inWave != null) attributes.set(WAVE, inWave);
    return options.setTypedSearchAttributes(attributes.build());
  }
}
