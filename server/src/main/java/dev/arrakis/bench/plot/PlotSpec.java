package dev.arrakis.bench.plot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What to plot, as in the original Arrakis's {@code PlotSpec(plot_type, data_keys, title,
 * **kwargs)}, with the options honoured.
 *
 * @param type the plot type, one of {@link Plots#TYPES}
 * @param dataKeys TransformerLens hook names the plot reads, e.g.
 * {@code blocks.1.attn.hook_pattern}; what each type accepts is in {@link Plots#TYPES}
 * @param title the title, or null for the type's default
 * @param options the type's options as JSON values, e.g. {@code head}, {@code k},
 * {@code position}, {@code tokenId}; an option the type does not take is an error
 */
public record PlotSpec(String type, List<String> dataKeys, @Nullable String title, Map<String, Object> options) {

	public PlotSpec {
		type = Objects.requireNonNullElse(type, "");
		dataKeys = List.copyOf(Objects.requireNonNullElse(dataKeys, List.of()));
		options = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNullElse(options, Map.of())));
	}

	/** A spec with the type's default title and no options. */
	public static PlotSpec of(String type, String... dataKeys) {
		return new PlotSpec(type, List.of(dataKeys), null, Map.of());
	}

	/** This spec with one more option. */
	public PlotSpec with(String option, Object value) {
		Map<String, Object> more = new LinkedHashMap<>(this.options);
		more.put(option, value);
		return new PlotSpec(this.type, this.dataKeys, this.title, more);
	}

}
