package dev.arrakis.engine.hooks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * The activations one call cached, in execution order, each with its full batch. The
 * arrays belong to the call's scope: copy what must outlive it (e.g.
 * {@code toFloatArray()}) before the {@code ForwardContext} closes.
 */
public final class ActivationCache {

	private final Map<HookName, NDArray> activations = new LinkedHashMap<>();

	/** Records an activation; used by the forward pass. */
	public void record(HookName name, NDArray activation) {
		this.activations.put(name, activation);
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

	/**
	 * Copies an activation to the Java heap as float32, after narrowing it on its device
	 * to the requested positions and heads, so that only what was asked for leaves the
	 * device.
	 * @throws IllegalArgumentException naming the position or head that is out of range,
	 * and the range
	 */
	public HostTensor toHost(HookName name, Narrowing narrowing) {
		NDArray activation = get(name);
		// Narrowed pieces and the host copy belong to a scope of their own, freed as soon
		// as the values are in Java.
		try (NDManager scope = NDManager.newBaseManager(activation.getDevice())) {
			NDArray narrowed = narrow(activation, name, narrowing, scope);
			NDArray wide = narrowed.getDataType() == DataType.FLOAT32 ? narrowed
					: narrowed.toType(DataType.FLOAT32, false);
			return new HostTensor(wide.getShape().getShape(), wide.toFloatArray());
		}
	}

	/**
	 * The part of {@code activation} (the value of hook {@code name}) that
	 * {@code narrowing} selects, on its device, in {@code scope}; an activation without a
	 * head axis keeps all of it.
	 * @throws IllegalArgumentException naming the position or head that is out of range,
	 * and the range
	 */
	public static NDArray narrow(NDArray activation, HookName name, Narrowing narrowing, NDManager scope) {
		List<String> dims = List.of(name.point().dims().split(" "));
		NDArray narrowed = activation.get(scope, new NDIndex("..."));
		if (narrowing.positions() != null) {
			int axis = dims.contains("pos") ? dims.indexOf("pos") : dims.indexOf("query_pos");
			narrowed = select(narrowed, axis, narrowing.positions(), "position", name);
		}
		int headAxis = dims.contains("n_heads") ? dims.indexOf("n_heads") : dims.indexOf("n_key_value_heads");
		if (narrowing.heads() != null && headAxis >= 0) {
			narrowed = select(narrowed, headAxis, narrowing.heads(), "head", name);
		}
		return narrowed;
	}

	private static NDArray select(NDArray array, int axis, List<Integer> indices, String what, HookName name) {
		long size = array.getShape().get(axis);
		if (indices.isEmpty()) {
			throw new IllegalArgumentException("no %s requested for %s".formatted(what, name));
		}
		NDList parts = new NDList(indices.size());
		for (int index : indices) {
			if (index < 0 || index >= size) {
				throw new IllegalArgumentException("%s %d is out of range for %s: valid %ss are 0..%d".formatted(what,
						index, name, what, size - 1));
			}
			String prefix = ":, ".repeat(axis);
			parts.add(array.get(new NDIndex(prefix + "{}:{}", index, index + 1)));
		}
		return parts.size() == 1 ? parts.singletonOrThrow() : NDArrays.concat(parts, axis);
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
