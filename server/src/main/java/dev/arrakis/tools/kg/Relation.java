package dev.arrakis.tools.kg;

import java.util.List;

/**
 * The tokens that load on one singular direction of a head's QK circuit.
 *
 * @param direction the direction's index i, 0 for the largest singular value
 * @param singularValue its singular value
 * @param members every token with |projection| >= the threshold, query side first, each
 * in input order (a token can appear on both sides)
 */
public record Relation(int direction, double singularValue, List<RelationMember> members) {

	public Relation {
		members = List.copyOf(members);
	}

}
