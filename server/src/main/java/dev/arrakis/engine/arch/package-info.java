/**
 * One Architecture per model family: reads the family's Hugging Face config and converts
 * its checkpoint into canonical TransformerLens weights. The only place family names
 * appear.
 */
@NullMarked
package dev.arrakis.engine.arch;

import org.jspecify.annotations.NullMarked;
