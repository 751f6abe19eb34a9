/**
 * Residual-stream tools: the logit lens, direct logit attribution, the decomposition of
 * the residual stream and how far each layer moves it.
 */
@NullMarked
package dev.arrakis.tools.residual;

import org.jspecify.annotations.NullMarked;
