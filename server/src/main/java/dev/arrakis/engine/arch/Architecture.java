package dev.arrakis.engine.arch;

import java.io.IOException;
import java.util.List;

import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.config.HfConfig;
import dev.arrakis.engine.weights.StateDict;
import dev.arrakis.engine.weights.TensorSource;

/**
 * One model family: reads its Hugging Face config into a {@link HookedAutoConfig}
 * (refusing keys it does not handle) and converts its checkpoint tensors into canonical
 * TransformerLens weights. The only place family names live.
 */
public interface Architecture {

	/** Hugging Face's {@code model_type}, e.g. {@code gpt_neox}. */
	String modelType();

	/** Other accepted names, such as the original Arrakis spelling {@code gpt-neox}. */
	List<String> aliases();

	HookedAutoConfig config(HfConfig hf);

	/**
	 * Takes every checkpoint tensor from {@code source} and puts every canonical weight
	 * into {@code out}.
	 */
	void convert(TensorSource source, HookedAutoConfig config, StateDict out) throws IOException;

}
