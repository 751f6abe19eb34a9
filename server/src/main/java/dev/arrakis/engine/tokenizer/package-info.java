/**
 * Hugging Face tokenizer.json access through DJL's tokenizers binding.
 */
@NullMarked
package dev.arrakis.engine.tokenizer;

import org.jspecify.annotations.NullMarked;
