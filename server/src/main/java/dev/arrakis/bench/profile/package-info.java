/**
 * Profiling one forward pass of a resident model, plain Java: per-component wall time and
 * activation memory observed through identity hooks, a closed-form FLOP estimate from the
 * configuration, and the process's peak resident memory. Every result is a
 * JSON-serialisable record, so it can be stored with an experiment run.
 */
@NullMarked
package dev.arrakis.bench.profile;

import org.jspecify.annotations.NullMarked;
