package dev.arrakis.tools.attention;

import dev.arrakis.tools.Labels;

/** One attention head, by layer and index within the layer. */
public record Head(int layer, int head) {

	/** {@code L1H3}. */
	public String label() {
		return Labels.head(this.layer, this.head);
	}

}
