package dev.arrakis.app.run;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What generation added after each input row.
 *
 * @param tokens the new token ids of each row (a row ends early at the end-of-sequence
 * token; later entries of a batch row then hold the pad token)
 * @param texts the new tokens decoded, per row (null when the model has no tokenizer)
 */
public record Generation(long[][] tokens, @Nullable List<String> texts) {
}
