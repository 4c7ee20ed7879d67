/**
 * Reading a runbook YAML file into records while collecting every problem with its exact position.
 *
 * <p>The pattern for a new file (waves.yaml, schedules.yaml, …):
 *
 * <pre>{@code
 * YamlDocument doc = YamlDocument.load(path);
 * Plan plan = doc.read(List.of("waves", "gates"),            // top-level keys; unknown ones become problems
 *     top -> readPlan(top));                                // top.required(..)/top.optional(..) + typed getters,
 *                                                           // empty when a problem was recorded
 * // read throws RunbookValidationException with every problem, in file order
 * }</pre>
 *
 * <p>A definition that is checked again after loading (against the fleet, at plan time) keeps the
 * {@link dev.edgerunbooks.runbooks.SourceLocation} of what it read ({@link YamlNodeReader#location()}), so
 * those problems point at the line to fix too.
 *
 * <p>Getters never throw on bad input: they record a problem at the node and return empty, so a reader
 * goes on and finds the next problem. To know whether a part is usable, compare
 * {@link dev.edgerunbooks.runbooks.yaml.YamlDocument#problemCount()} before and after reading it.
 */
package dev.edgerunbooks.runbooks.yaml;
