package dev.arrakis.app.run;

import java.util.List;

/**
 * @param text the tokens decoded together
 * @param strings each token's own text
 */
public record DetokenizeResponse(String text, List<String> strings) {
}
