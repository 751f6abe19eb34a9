/**
 * Experiments as data: an {@link dev.arrakis.bench.definition.ExperimentDefinition}
 * (model, inputs, ordered tool steps that may refer to earlier steps' results), its
 * canonical JSON and version (SHA-256 of the canonical form), and its validation against
 * the tools' parameter descriptions. Plain Java, no Spring, no persistence.
 */
@NullMarked
package dev.arrakis.bench.definition;

import org.jspecify.annotations.NullMarked;
