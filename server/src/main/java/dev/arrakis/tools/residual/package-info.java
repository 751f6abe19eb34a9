/** Residual-stream tools: the logit lens and the decomposition of the residual stream. */
@NullMarked
package dev.arrakis.tools.residual;

import org.jspecify.annotations.NullMarked;
