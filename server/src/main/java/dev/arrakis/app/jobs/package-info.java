/**
 * Long tool calls as jobs: submitted, queued, run one (or a few) at a time with progress
 * counted in forward passes, cancellable, and recorded in PostgreSQL from submission to
 * end, so that a restart marks the unfinished ones instead of losing them.
 */
@NullMarked
package dev.arrakis.app.jobs;

import org.jspecify.annotations.NullMarked;
