package dev.arrakis.bench.run;

import java.util.List;
import java.util.SortedSet;

import dev.arrakis.engine.tokenizer.Tokenizer;
import org.jspecify.annotations.Nullable;

/** Named datasets an experiment's inputs may refer to. */
public interface DatasetSource {

	/** No datasets at all. */
	DatasetSource NONE = new DatasetSource() {

		@Override
		public SortedSet<String> names() {
			return java.util.Collections.emptySortedSet();
		}

		@Override
		public List<long[]> tokens(String name, @Nullable Tokenizer tokenizer) {
			throw new IllegalArgumentException("unknown dataset '%s': no datasets are configured".formatted(name));
		}

	};

	/** The names of the datasets offered. */
	SortedSet<String> names();

	/**
	 * The token sequences of dataset {@code name}.
	 * @param tokenizer encodes text datasets; null for a model without one
	 * @throws IllegalArgumentException for an unknown name (listing the known ones) or a
	 * dataset that cannot be read
	 */
	List<long[]> tokens(String name, @Nullable Tokenizer tokenizer);

}
