package dev.edgerunbooks.workflows.common;

import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * The search attributes every run carries, so that the Temporal UI and {@code temporal workflow
 * list --query} find runs by what operators ask about: {@code EdgeRunbook = 'patch-wave' AND
 * EdgeStore = 'store-0007'}. They must be registered in the namespace (the central worker does it
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

  private RunAttributes() {}

  /** A runbook's own run: the runbook, and the stores and bundle its request names. */
  public static SearchAttributes ofRun(String runbook, RunScope scope) {
    SearchAttributes.Builder attributes = SearchAttributes.newBuilder().set(RUNBOOK, runbook);
    if (!scope.stores().isEmpty()) attributes.set(STORE, List.copyOf(scope.stores()));
    if (scope.bundle() != null) attributes.set(BUNDLE, scope.bundle());
    return attributes.build();
  }

  /**
   * Gives a child of the current workflow the parent's runbook and bundle with its own stores and
   * wave (null for none); nothing when the parent carries no runbook.
   */
  public static ChildWorkflowOptions.Builder forChild(ChildWorkflowOptions.Builder options, List<String> stores, String wave) {
    SearchAttributes parent = Workflow.getTypedSearchAttributes();
    if (!parent.containsKey(RUNBOOK)) return options;
    SearchAttributes.Builder attributes = SearchAttributes.newBuilder().set(RUNBOOK, parent.get(RUNBOOK));
    if (parent.containsKey(BUNDLE)) attributes.set(BUNDLE, parent.get(BUNDLE));
    if (!stores.isEmpty()) attributes.set(STORE, List.copyOf(stores));
    if (wave != null) attributes.set(WAVE, wave);
    return options.setTypedSearchAttributes(attributes.build());
  }
}
