package dev.arrakis.tools.attention;

/**
 * A key position a head attends to from one query position.
 *
 * @param position the key position
 * @param tokenId the token there
 * @param weight the attention probability, in [0, 1]
 */
public record AttendedToken(int position, long tokenId, float weight) {
}
