package dev.arrakis.tools.kg;

/**
 * A token loading on a singular direction.
 *
 * @param index the token's index in the input list
 * @param tokenId the token id
 * @param side {@code query} (u_i, what the head looks for) or {@code key} (v_i, what gets
 * attended to)
 * @param sign +1 or -1: the projection's sign (singular vectors are defined up to a joint
 * sign; see the result's description)
 * @param projection W_E[t] . direction
 */
public record RelationMember(int index, long tokenId, String side, int sign, float projection) {
}
