/**
 * Reading a runbook YAML file into records while collecting every problem with its exact position.
 *
 * <p>The pattern for a new file (waves.yaml, schedules.yaml, …):
 *
 * <pre>{@code
 * YamlDocument doc = YamlDocument.load(path);
 * Optional<Plan> plan = doc.root()
 *     .flatMap(root -> root.asMapping("waves", "gates"))      // unknown keys become problems
 *     .flatMap(m -> readPlan(m));                            // m.required(..)/m.optional(..) + typed getters
 * doc.throwIfProblems();                                     // RunbookValidationException with all of them
 * }</pre>
 *
 * <p>Getters never throw on bad input: they record a problem at the node and return empty, so a reader
 * goes on and finds the next problem. To know whether a part is usable, compare
 * {@link dev.edgerunbooks.runbooks.yaml.YamlDocument#problemCount()} before and after reading it.
 */
package dev.edgerunbooks.runbooks.yaml;
