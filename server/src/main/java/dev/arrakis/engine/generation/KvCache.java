package dev.arrakis.engine.generation;

import ai.djl.ndarray.NDArray;
import org.jspecify.annotations.Nullable;

/**
 * Keys and values of the tokens seen so far, per layer, after rotary: [batch,
 * n_key_value_heads, past, d_head]. Lives in one {@code ForwardContext}; each pass
 * appends its tokens, then {@link #advance} moves the length on.
 */
public final class KvCache {

	private final @Nullable NDArray[] keys;

	private final @Nullable NDArray[] values;

	private int length;

	public KvCache(int nLayers) {
		this.keys = new NDArray[nLayers];
		this.values = new NDArray[nLayers];
	}

	/** Tokens already cached (before the current pass). */
	public int length() {
		return this.length;
	}

	/**
	 * Appends this pass's keys and values of {@code layer} and returns all keys and
	 * values so far.
	 */
	public NDArray[] append(int layer, NDArray key, NDArray value) {
		NDArray pastKey = this.keys[layer];
		NDArray pastValue = this.values[layer];
		NDArray allKeys = pastKey == null ? key : pastKey.concat(key, 2);
		NDArray allValues = pastValue == null ? value : pastValue.concat(value, 2);
		this.keys[layer] = allKeys;
		this.values[layer] = allValues;
		return new NDArray[] { allKeys, allValues };
	}

	/**
	 * Called once a pass of {@code tokens} new positions has gone through every layer.
	 */
	public void advance(int tokens) {
		this.length += tokens;
	}

}
