package dev.arrakis.engine.weights;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.ModelLoadException;

/**
 * Weights by TransformerLens name in TransformerLens layout ({@link CanonicalWeights}),
 * converted once to the model's dtype. Components take what they need from it and
 * {@link #keep} the arrays they hold for the model's lifetime.
 */
public final class StateDict {

	private final NDManager manager;

	private final DataType dtype;

	private final Map<String, NDArray> tensors = new LinkedHashMap<>();

	private final List<NDArray> kept = new ArrayList<>();

	/**
	 * Arrays that share another array's storage (tied W_U, reshaped views): kept, but not
	 * counted twice.
	 */
	private final Set<NDArray> views = Collections.newSetFromMap(new IdentityHashMap<>());

	public StateDict(NDManager manager, DataType dtype) {
		this.manager = manager;
		this.dtype = dtype;
	}

	public NDManager manager() {
		return this.manager;
	}

	public DataType dtype() {
		return this.dtype;
	}

	/**
	 * Stores a copy of {@code value} in the model's dtype, detached from any
	 * memory-mapped source.
	 */
	public void put(String name, NDArray value) {
		if (this.tensors.containsKey(name)) {
			throw new ModelLoadException("weight '%s' was produced twice".formatted(name));
		}
		// toType returns the same storage when the type already matches; clone so no
		// weight points into a mapping.
		NDArray copy = value.getDataType() == this.dtype ? value.duplicate() : value.toType(this.dtype, false);
		copy.attach(this.manager);
		this.tensors.put(name, copy);
	}

	/**
	 * Stores {@code value} as it is: for a view of a weight already here, such as tied
	 * W_U = W_E transposed, which must not cost a second copy.
	 */
	public void putShared(String name, NDArray value) {
		if (this.tensors.containsKey(name)) {
			throw new ModelLoadException("weight '%s' was produced twice".formatted(name));
		}
		this.tensors.put(name, value);
		this.views.add(value);
	}

	public void putZeros(String name, Shape shape) {
		put(name, this.manager.zeros(shape, this.dtype));
	}

	public NDArray get(String name) {
		NDArray value = this.tensors.get(name);
		if (value == null) {
			throw new ModelLoadException("weight '%s' is missing".formatted(name));
		}
		return value;
	}

	public boolean has(String name) {
		return this.tensors.containsKey(name);
	}

	public Set<String> names() {
		return this.tensors.keySet();
	}

	/** Marks an array (a weight, or one derived from weights) as owned by the model. */
	public NDArray keep(NDArray array) {
		this.kept.add(array);
		return array;
	}

	/** Marks a view of a kept array (same storage, other shape) as owned by the model. */
	public NDArray keepView(NDArray view) {
		this.views.add(view);
		return keep(view);
	}

	public List<NDArray> kept() {
		return List.copyOf(this.kept);
	}

	/** Bytes of the kept arrays, each storage counted once. */
	public long keptBytes() {
		Set<NDArray> counted = Collections.newSetFromMap(new IdentityHashMap<>());
		long bytes = 0;
		for (NDArray array : this.kept) {
			if (!this.views.contains(array) && counted.add(array)) {
				bytes += array.getShape().size() * array.getDataType().getNumOfBytes();
			}
		}
		return bytes;
	}

	/**
	 * Checks that every canonical weight of {@code config} is here with its shape, and
	 * nothing else.
	 */
	public void requireComplete(HookedAutoConfig config) {
		Map<String, Shape> expected = CanonicalWeights.shapes(config);
		for (Map.Entry<String, Shape> e : expected.entrySet()) {
			Shape actual = get(e.getKey()).getShape();
			if (!actual.equals(e.getValue())) {
				throw new ModelLoadException(
						"weight '%s' has shape %s, expected %s".formatted(e.getKey(), actual, e.getValue()));
			}
		}
		Set<String> extra = new TreeSet<>(this.tensors.keySet());
		extra.removeAll(expected.keySet());
		if (!extra.isEmpty()) {
			throw new ModelLoadException("weights not used by this configuration: " + extra);
		}
	}

}
