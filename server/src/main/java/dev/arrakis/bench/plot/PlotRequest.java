package dev.arrakis.bench.plot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.UnknownHookException;
import dev.arrakis.tools.BaseInterpretabilityTool;

/**
 * One spec read against a model: its keys parsed and checked against the model's hook
 * points, its options read as integers, every error naming what the plot type needs.
 */
final class PlotRequest {

	private final HookedAutoModel model;

	private final long[] tokens;

	private final PlotSpec spec;

	private final String usage;

	PlotRequest(HookedAutoModel model, long[] tokens, PlotSpec spec, String usage) {
		this.model = model;
		this.tokens = tokens;
		this.spec = spec;
		this.usage = usage;
	}

	HookedAutoModel model() {
		return this.model;
	}

	long[] tokens() {
		return this.tokens;
	}

	String type() {
		return this.spec.type();
	}

	/** The spec's title, or {@code fallback} when it has none. */
	String title(String fallback) {
		String title = this.spec.title();
		return title == null || title.isBlank() ? fallback : title;
	}

	/** Rejects any option not named here. */
	void allowOptions(String... names) {
		Set<String> allowed = Set.of(names);
		for (String option : this.spec.options().keySet()) {
			if (!allowed.contains(option)) {
				throw wrong(names.length == 0 ? "takes no options, got '%s'".formatted(option)
						: "has no option '%s' (options: %s)".formatted(option, new TreeSet<>(allowed)));
			}
		}
	}

	boolean hasOption(String name) {
		return this.spec.options().containsKey(name);
	}

	/**
	 * An integer option, or {@code fallback} when absent.
	 * @throws IllegalArgumentException when the value is not a whole number
	 */
	int intOption(String name, int fallback) {
		Object value = this.spec.options().get(name);
		if (value == null) {
			return fallback;
		}
		if (value instanceof Number number) {
			double whole = number.doubleValue();
			if (whole == Math.rint(whole) && Math.abs(whole) <= Integer.MAX_VALUE) {
				return (int) whole;
			}
		}
		throw wrong("option %s must be a whole number, got %s".formatted(name, value));
	}

	/** An integer option that must lie in [0, size). */
	int indexOption(String name, int fallback, int size) {
		return BaseInterpretabilityTool.checkIndex(name, intOption(name, fallback), size);
	}

	/** A count option that must be at least 1 (larger than available means all). */
	int countOption(String name, int fallback) {
		int count = intOption(name, fallback);
		if (count < 1) {
			throw new IllegalArgumentException("%s = %d is out of range: it must be at least 1".formatted(name, count));
		}
		return count;
	}

	/**
	 * The data keys, parsed, each a hook point of this model and one of {@code accepted},
	 * between {@code min} and {@code max} of them.
	 */
	List<HookName> keys(int min, int max, Set<HookPoint> accepted) {
		List<String> keys = this.spec.dataKeys();
		if (keys.size() < min || keys.size() > max) {
			throw wrong("got %d data key%s %s".formatted(keys.size(), keys.size() == 1 ? "" : "s", keys));
		}
		List<HookName> names = new ArrayList<>();
		for (String key : keys) {
			HookName name;
			try {
				name = HookName.parse(key, this.model.hookNames());
			}
			catch (UnknownHookException ex) {
				throw wrong("data key '%s' is not a hook of this model (%s)".formatted(key, ex.getMessage()));
			}
			if (!accepted.contains(name.point())) {
				throw wrong("data key '%s' is a %s hook".formatted(key, name.point().suffix()));
			}
			names.add(name);
		}
		return names;
	}

	/**
	 * Keys of one hook point at several layers, deduplicated, in numeric layer order; no
	 * keys means every layer of the model.
	 */
	List<HookName> layerKeys(HookPoint point) {
		List<HookName> names = keys(0, Integer.MAX_VALUE, Set.of(point));
		if (names.isEmpty()) {
			return this.model.hookNames().stream().filter(name -> name.point() == point).toList();
		}
		return names.stream().distinct().sorted(Comparator.comparingInt(HookName::layer)).toList();
	}

	/** An error naming this plot type and what it needs. */
	IllegalArgumentException wrong(String why) {
		return new IllegalArgumentException("%s %s; %s needs %s".formatted(type(), why, type(), this.usage));
	}

}
