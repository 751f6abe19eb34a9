/**
 * Hypothesis tests on two arms of a metric (two input sets, or one input set under two
 * interventions): the standard tests from {@link dev.arrakis.bench.stats}, effect sizes,
 * a bootstrap interval and corrections across several tests. Plain Java.
 */
@NullMarked
package dev.arrakis.bench.hypothesis;

import org.jspecify.annotations.NullMarked;
