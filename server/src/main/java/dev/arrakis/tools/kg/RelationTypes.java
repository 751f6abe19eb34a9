package dev.arrakis.tools.kg;

import java.util.List;

/**
 * The tokens grouped by the QK singular directions they load on: relations[i] holds the
 * tokens whose |projection| on direction i (query or key side) is at least the threshold.
 * An exploratory heuristic, not a standard knowledge-graph method.
 *
 * @param head the head, e.g. {@code L1H3}
 * @param threshold the |projection| a token needs
 * @param relations one per direction, largest singular value first
 * @param metric what the projections are
 */
public record RelationTypes(String head, double threshold, List<Relation> relations, String metric) {

	public RelationTypes {
		relations = List.copyOf(relations);
	}

}
