/**
 * The interpretability tools over HTTP: their catalogue ({@code /api/v1/tools}) and calls
 * of their methods on a resident model.
 */
@NullMarked
package dev.arrakis.app.tools;

import org.jspecify.annotations.NullMarked;
