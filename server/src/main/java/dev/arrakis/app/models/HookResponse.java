package dev.arrakis.app.models;

import dev.arrakis.engine.HookInfo;

/**
 * One hook point of a model's catalogue.
 *
 * @param name the TransformerLens name, e.g. {@code blocks.0.attn.hook_pattern}
 * @param shape the tensor's shape, sizes the model fixes filled in, e.g.
 * {@code [batch, 4, pos, pos]}
 * @param meaning what the tensor is
 */
record HookResponse(String name, String shape, String meaning) {

	static HookResponse of(HookInfo hook) {
		return new HookResponse(hook.name(), hook.shape(), hook.meaning());
	}

}
