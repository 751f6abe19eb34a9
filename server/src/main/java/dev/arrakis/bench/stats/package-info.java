/**
 * Hypothesis-test statistics for the experiment bench, plain Java on Apache Commons Math:
 * two-arm comparisons of a metric (Welch's t-test, Mann-Whitney U, a paired sign-flip
 * permutation test, a bootstrap confidence interval of the mean difference) with effect
 * sizes, and Holm and Benjamini-Hochberg adjustment across several tests. Every result is
 * a record that names its test, statistic, alternative and effect size.
 */
@NullMarked
package dev.arrakis.bench.stats;

import org.jspecify.annotations.NullMarked;
