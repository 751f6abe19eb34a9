package dev.arrakis.app.run;

import java.util.List;

/**
 * @param tokens the token ids
 * @param strings each token's own text
 */
public record TokenizeResponse(long[] tokens, List<String> strings) {
}
