package dev.arrakis.tools;

/**
 * The labels results use for components of the residual stream.
 */
public final class Labels {

	public static final String EMBED = "embed";

	public static final String POS_EMBED = "pos_embed";

	private Labels() {
	}

	/** {@code L1H3}. */
	public static String head(int layer, int head) {
		return "L" + layer + "H" + head;
	}

	/** {@code L1_attn}: a layer's whole attention output. */
	public static String attn(int layer) {
		return "L" + layer + "_attn";
	}

	/** {@code L1_attn_bias}: b_O, the part of attn_out no head writes. */
	public static String attnBias(int layer) {
		return "L" + layer + "_attn_bias";
	}

	/** {@code L0_mlp}. */
	public static String mlp(int layer) {
		return "L" + layer + "_mlp";
	}

	/** {@code L0N17}: one MLP neuron. */
	public static String neuron(int layer, int neuron) {
		return "L" + layer + "N" + neuron;
	}

}
