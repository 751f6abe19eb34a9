package dev.arrakis.tools.knowledge;

import java.util.List;

/**
 * Knowledge neurons (Dai et al. 2022): MLP neurons ranked by their integrated-gradients
 * attribution to the probability of a target token after a prompt.
 *
 * @param metric what is attributed
 * @param targetToken the token whose probability is attributed
 * @param probability P(targetToken | prompt) at the last position, unchanged model
 * @param steps the Riemann steps of the integrated gradients
 * @param layers per attributed layer, its top neurons and completeness check
 */
public record KnowledgeNeurons(String metric, long targetToken, double probability, int steps,
		List<LayerKnowledgeNeurons> layers) {

	public KnowledgeNeurons {
		layers = List.copyOf(layers);
	}

	/**
	 * One layer's integrated gradients.
	 *
	 * @param layer the layer index
	 * @param top the neurons with the largest attributions, largest first
	 * @param attributionSum the sum of every neuron's attribution in the layer
	 * @param probabilityAtZero P(targetToken) with all of the layer's neurons zeroed at
	 * the last position
	 * @param probabilityDifference P(a) - P(0 a): what {@code attributionSum}
	 * approximates (completeness)
	 */
	public record LayerKnowledgeNeurons(int layer, List<NeuronAttribution> top, double attributionSum,
			double probabilityAtZero, double probabilityDifference) {

		public LayerKnowledgeNeurons {
			top = List.copyOf(top);
		}

	}

	/**
	 * One neuron's attribution.
	 *
	 * @param label e.g. {@code L0N17}
	 * @param layer its layer
	 * @param neuron its index in the layer's d_mlp
	 * @param activation its activation (hook_post) at the last position
	 * @param attribution a_n x the mean of dP/da_n along the path from 0 to a
	 */
	public record NeuronAttribution(String label, int layer, int neuron, double activation, double attribution) {
	}

}
