package dev.arrakis.app.run;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The model's most likely next tokens after one position, most likely first.
 *
 * @param position the position in the input (0-based)
 * @param tokens the token ids
 * @param strings their text (null when the model has no tokenizer)
 * @param probabilities softmax of the logits at this position
 */
public record Prediction(int position, long[] tokens, @Nullable List<String> strings, double[] probabilities) {
}
