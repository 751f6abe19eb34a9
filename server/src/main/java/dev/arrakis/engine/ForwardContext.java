package dev.arrakis.engine;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.config.AttentionType;
import dev.arrakis.engine.generation.KvCache;
import dev.arrakis.engine.hooks.ActivationCache;
import dev.arrakis.engine.hooks.HookFn;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.Hooks;

/**
 * Everything that belongs to one call and not to the resident model: the native-memory
 * scope, the hooks, the activation cache and, for generation, the KV cache. Close it
 * (try-with-resources) to free every array the call made.
 * <p>
 * The hooks are fixed for a pass; between passes the engine itself may switch them (see
 * {@link #useHooks}), which is how
 * {@link HookedAutoModel#generate(ModelInput, dev.arrakis.engine.generation.GenerationOptions, Hooks, Hooks)}
 * runs one hook set on the prompt pass and another on the generated tokens' passes.
 */
public final class ForwardContext implements AutoCloseable {

	private final NDManager manager;

	private final List<HookName> catalogue;

	private Hooks hooks;

	private Set<HookName> active;

	private final ActivationCache cache = new ActivationCache();

	private final @Nullable KvCache kvCache;

	private final Map<Object, NDArray> passMemo = new HashMap<>();

	private long[] @Nullable [] keyMask;

	private long[][] positions = new long[0][];

	private int batch;

	private int length;

	private int pastLength;

	ForwardContext(NDManager manager, Hooks hooks, List<HookName> catalogue, @Nullable KvCache kvCache) {
		this.manager = manager;
		this.catalogue = catalogue;
		this.kvCache = kvCache;
		this.hooks = hooks;
		this.active = activeHooks(hooks, catalogue);
	}

	/**
	 * Replaces the hooks for the passes that follow; only between passes (the engine's
	 * own generation loop calls it). The KV cache and the activation cache stay: keys and
	 * values cached by earlier passes keep whatever the earlier hooks made of them, as a
	 * full forward with those hooks would have computed them.
	 */
	void useHooks(Hooks next) {
		this.hooks = next;
		this.active = activeHooks(next, this.catalogue);
	}

	private static Set<HookName> activeHooks(Hooks hooks, List<HookName> catalogue) {
		Set<HookName> wanted = new HashSet<>();
		for (HookName name : catalogue) {
			if (hooks.caches(name) || !hooks.functionsAt(name).isEmpty()) {
				wanted.add(name);
			}
		}
		return Set.copyOf(wanted);
	}

	public NDManager manager() {
		return this.manager;
	}

	public ActivationCache cache() {
		return this.cache;
	}

	public @Nullable KvCache kvCache() {
		return this.kvCache;
	}

	/**
	 * Whether anything reads or replaces {@code name} in this call; expensive hook points
	 * are computed only then.
	 */
	public boolean wants(HookName name) {
		return this.active.contains(name);
	}

	/** Whether a function of this call may replace the activation at {@code name}. */
	public boolean replaces(HookName name) {
		return !this.hooks.functionsAt(name).isEmpty();
	}

	/**
	 * Runs the call's functions at {@code name}, caches the result if asked, and returns
	 * it.
	 */
	public NDArray hook(HookName name, NDArray activation) {
		if (!this.active.contains(name)) {
			return activation;
		}
		NDArray value = activation;
		for (HookFn fn : this.hooks.functionsAt(name)) {
			NDArray replaced = fn.apply(value, name);
			if (!replaced.getShape().equals(value.getShape())) {
				throw new IllegalArgumentException("hook at %s returned shape %s; it must keep %s".formatted(name,
						replaced.getShape(), value.getShape()));
			}
			value = replaced.getDataType() == value.getDataType() ? replaced
					: replaced.toType(value.getDataType(), false);
		}
		if (this.hooks.caches(name)) {
			this.cache.record(name, value);
		}
		return value;
	}

	/**
	 * Starts a forward pass over [batch, length] new tokens after {@code pastLength}
	 * cached ones.
	 */
	void beginPass(int batch, int length, long @Nullable [][] keyMask, long[][] positions) {
		this.positions = positions;
		this.passMemo.clear();
		this.batch = batch;
		this.length = length;
		this.pastLength = this.kvCache == null ? 0 : this.kvCache.length();
		this.keyMask = keyMask;
	}

	/** Position ids of the current pass, [batch][pos]. */
	public long[][] positions() {
		return this.positions;
	}

	/** A per-pass value (masks, rotary tables) computed once and shared by all layers. */
	public NDArray memo(Object key, Supplier<NDArray> compute) {
		return this.passMemo.computeIfAbsent(key, k -> compute.get());
	}

	/**
	 * The additive attention mask for this pass: 0 where the query at index i (counting
	 * the cache) may see key j, the float32 minimum elsewhere, as Hugging Face does; [1
	 * or batch, 1, pos, past + pos].
	 */
	public NDArray attentionMask(AttentionType type) {
		return memo(type, () -> buildMask(type));
	}

	private NDArray buildMask(AttentionType type) {
		int keys = this.pastLength + this.length;
		int rows = this.keyMask == null ? 1 : this.batch;
		float[] values = new float[rows * this.length * keys];
		for (int b = 0; b < rows; b++) {
			for (int q = 0; q < this.length; q++) {
				int query = this.pastLength + q;
				int offset = (b * this.length + q) * keys;
				for (int k = 0; k < keys; k++) {
					boolean visible = type.sees(query, k) && (this.keyMask == null || this.keyMask[b][k] != 0);
					values[offset + k] = visible ? 0f : -Float.MAX_VALUE;
				}
			}
		}
		return this.manager.create(values, new Shape(rows, 1, this.length, keys));
	}

	/** An int64 array in this call's scope. */
	NDArray longs(long[][] rows) {
		return this.manager.create(rows).toType(DataType.INT64, false);
	}

	@Override
	public void close() {
		this.manager.close();
	}

}
