/**
 * Differences between two JSON documents (definitions, results, manifests), with numbers
 * compared within a tolerance. Plain Java.
 */
@NullMarked
package dev.arrakis.bench.diff;

import org.jspecify.annotations.NullMarked;
