package dev.arrakis.app.run;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/v1/models/{name}/tokenize}.
 *
 * @param text the text to tokenize
 * @param prependBos true makes sure the model's BOS token leads, false that it does not;
 * absent: the tokenizer's own behaviour
 */
public record TokenizeRequest(@NotNull String text, @Nullable Boolean prependBos) {
}
