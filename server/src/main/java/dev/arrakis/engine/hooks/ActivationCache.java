package dev.arrakis.engine.hooks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import ai.djl.ndarray.NDArray;

/**
 * The activations one call cached, in execution order, each with its full batch. The
 * arrays belong to the call's scope: copy what must outlive it (e.g.
 * {@code toFloatArray()}) before the {@code ForwardContext} closes.
 */
public final class ActivationCache {

	private final Map<HookName, NDArray> activations = new LinkedHashMap<>();

	void put(HookName name, NDArray activation) {
		this.activations.put(name, activation);
	}

	/** Records an activation; used by the forward pass. */
	public void record(HookName name, NDArray activation) {
		put(name, activation);
	}

	public NDArray get(HookName name) {
		NDArray activation = this.activations.get(name);
		if (activation == null) {
			throw new UnknownHookException(name.toString(), HookName.closest(name.toString(), names()),
					"not in this cache");
		}
		return activation;
	}

	/** By TransformerLens name or Arrakis alias. */
	public NDArray get(String name) {
		return get(HookName.parse(name, names()));
	}

	public boolean contains(HookName name) {
		return this.activations.containsKey(name);
	}

	public Set<HookName> names() {
		return Collections.unmodifiableSet(this.activations.keySet());
	}

	public int size() {
		return this.activations.size();
	}

}
