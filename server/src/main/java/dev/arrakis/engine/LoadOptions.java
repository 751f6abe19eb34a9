package dev.arrakis.engine;

/**
 * How a model is placed when it is loaded.
 *
 * @param dtype the type the weights are converted to once, at load
 * @param device {@code auto} (a GPU when DJL sees one), {@code cpu} or {@code cuda:N}
 */
public record LoadOptions(DType dtype, String device) {

	public static LoadOptions defaults() {
		return new LoadOptions(DType.FLOAT32, "auto");
	}

}
