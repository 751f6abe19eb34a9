/**
 * Interpretability tools on top of the engine, plain Java (no Spring). Conventions:
 * parameters are named for what they are ({@code layer}, {@code head}, {@code position},
 * {@code tokenId}, {@code neuron}); heads are labelled {@code L1H3}, components
 * {@code embed}, {@code L0_mlp}; every result says which metric it reports. Tools never
 * change a model: interventions go through a call's hooks.
 */
@NullMarked
package dev.arrakis.tools;

import org.jspecify.annotations.NullMarked;
