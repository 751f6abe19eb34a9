package dev.arrakis.app.run;

import java.util.List;

import jakarta.validation.constraints.NotNull;

/**
 * The body of {@code POST /api/v1/models/{name}/detokenize}.
 *
 * @param tokens token ids, each in [0, vocab)
 */
public record DetokenizeRequest(@NotNull List<Long> tokens) {
}
