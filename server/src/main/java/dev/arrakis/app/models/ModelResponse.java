package dev.arrakis.app.models;

import java.time.Instant;

import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.HookedAutoModel;

/**
 * A resident model as the API shows it.
 *
 * @param name the model folder's name, used in every model path
 * @param architecture the Hugging Face {@code model_type}, e.g. {@code gpt2},
 * {@code llama}
 * @param parameterCount parameters in the checkpoint, tied embeddings counted once
 * @param dtype {@code float32} or {@code float16}
 * @param device {@code cpu} or {@code cuda:N}
 * @param weightBytes bytes the resident weights take on that device
 * @param hookCount entries in the model's hook catalogue
 * @param layers decoder blocks (n_layers)
 * @param dModel residual stream width (d_model)
 * @param heads attention heads per layer (n_heads)
 * @param vocab vocabulary size (d_vocab)
 * @param contextLength longest supported sequence (n_ctx)
 * @param loadMillis how long loading took (at startup or through the API)
 * @param loadedAt when the model was loaded
 */
record ModelResponse(String name, String architecture, long parameterCount, String dtype, String device,
		long weightBytes, int hookCount, int layers, int dModel, int heads, int vocab, int contextLength,
		long loadMillis, Instant loadedAt) {

	static ModelResponse of(LoadedModel loaded) {
		HookedAutoModel model = loaded.model();
		HookedAutoConfig config = model.config();
		return new ModelResponse(model.name(), config.architecture(), model.parameterCount(), model.dtype().label(),
				model.device(), model.weightBytes(), model.hookCatalogue().size(), config.nLayers(), config.dModel(),
				config.nHeads(), config.dVocab(), config.nCtx(), loaded.loadMillis(), loaded.loadedAt());
	}

}
