/**
 * Running experiments: an {@link dev.arrakis.bench.run.ExperimentRunner} executes a
 * definition's steps against the tool registry (after validating it), resolving the
 * inputs and references between steps; a {@link dev.arrakis.bench.run.RunManifest} says
 * exactly how a run was made. Plain Java, no persistence.
 */
@NullMarked
package dev.arrakis.bench.run;

import org.jspecify.annotations.NullMarked;
