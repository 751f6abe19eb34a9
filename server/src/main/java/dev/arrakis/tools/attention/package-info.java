/**
 * Attention tools: per-head patterns and head detectors (previous-token, duplicate-token,
 * induction), with TransformerLens {@code head_detector} definitions.
 */
@NullMarked
package dev.arrakis.tools.attention;

import org.jspecify.annotations.NullMarked;
