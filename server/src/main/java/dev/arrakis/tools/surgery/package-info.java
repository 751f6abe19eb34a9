/**
 * Model surgery (after tuned-lens's {@code model_surgery}): blocks deleted, reordered or
 * replaced on a derived copy of the model, never on the model itself, and the change in a
 * metric that surgery causes.
 */
@NullMarked
package dev.arrakis.tools.surgery;

import org.jspecify.annotations.NullMarked;
