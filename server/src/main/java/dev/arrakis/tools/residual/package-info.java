/** Residual-stream tools: the logit lens. */
@NullMarked
package dev.arrakis.tools.residual;

import org.jspecify.annotations.NullMarked;
