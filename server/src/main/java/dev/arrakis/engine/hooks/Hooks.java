package dev.arrakis.engine.hooks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The hooks of one call: what to cache, and which functions run at which points. An
 * immutable value, so a resident model shared by concurrent requests never carries one
 * request's hooks into another.
 */
public final class Hooks {

	private static final Hooks NONE = new Hooks(HookFilter.none(), Map.of());

	private final HookFilter cacheFilter;

	private final Map<HookName, List<HookFn>> functions;

	private Hooks(HookFilter cacheFilter, Map<HookName, List<HookFn>> functions) {
		this.cacheFilter = cacheFilter;
		this.functions = functions;
	}

	public static Hooks none() {
		return NONE;
	}

	public static Hooks caching(HookFilter filter) {
		return new Hooks(filter, Map.of());
	}

	/**
	 * A copy that also runs {@code fn} at {@code name}, after any functions already
	 * there.
	 */
	public Hooks with(HookName name, HookFn fn) {
		Map<HookName, List<HookFn>> copy = new HashMap<>(this.functions);
		List<HookFn> list = new ArrayList<>(copy.getOrDefault(name, List.of()));
		list.add(fn);
		copy.put(name, List.copyOf(list));
		return new Hooks(this.cacheFilter, Map.copyOf(copy));
	}

	public boolean caches(HookName name) {
		return this.cacheFilter.test(name);
	}

	public List<HookFn> functionsAt(HookName name) {
		return this.functions.getOrDefault(name, List.of());
	}

}
