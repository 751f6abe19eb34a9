/**
 * The experiment bench's Java API ({@link dev.arrakis.bench.InterpretabilityBench}) and
 * the store it records into ({@link dev.arrakis.bench.ExperimentStore}). Plain Java: the
 * server provides the PostgreSQL store.
 */
@NullMarked
package dev.arrakis.bench;

import org.jspecify.annotations.NullMarked;
