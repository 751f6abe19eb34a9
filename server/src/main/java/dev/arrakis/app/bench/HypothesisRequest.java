package dev.arrakis.app.bench;

import java.util.List;
import java.util.Objects;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import dev.arrakis.bench.hypothesis.TestOptions;

/**
 * Does a metric differ between two input sets (independent arms; Welch's t-test decides)?
 *
 * @param name the hypothesis's name
 * @param metric the metric in its JSON form: {@code "loss"}, {@code {"kind": "loss",
 * "from": f, "to": t}} or {@code {"kind": "logit_diff", "position": p, "correctToken": c,
 * "incorrectToken": i}}
 * @param armA the first arm's inputs, each a sequence of token ids
 * @param armB the second arm's inputs
 * @param options significance level, bootstrap and permutation settings, seed; each
 * absent one takes its default (alpha 0.05, confidence 0.95, 10,000 resamples and
 * permutations, seed 0)
 */
public record HypothesisRequest(@NotBlank String name, @NotNull Object metric, @NotEmpty List<long[]> armA,
		@NotEmpty List<long[]> armB, @Valid @Nullable Options options) {

	/** The options as the tester takes them, defaults filled in. */
	TestOptions testOptions() {
		TestOptions defaults = TestOptions.DEFAULTS;
		Options given = Objects.requireNonNullElse(this.options, new Options(null, null, null, null, null));
		return new TestOptions(Objects.requireNonNullElse(given.alpha(), defaults.alpha()),
				Objects.requireNonNullElse(given.confidence(), defaults.confidence()),
				Objects.requireNonNullElse(given.resamples(), defaults.resamples()),
				Objects.requireNonNullElse(given.permutations(), defaults.permutations()),
				Objects.requireNonNullElse(given.seed(), defaults.seed()));
	}

	/**
	 * How to test.
	 *
	 * @param alpha the significance level, in (0, 1)
	 * @param confidence the bootstrap interval's coverage, in (0, 1)
	 * @param resamples bootstrap resamples, at least 1
	 * @param permutations permutations of the permutation test, at least 1
	 * @param seed the seed of every random draw
	 */
	public record Options(@Nullable Double alpha, @Nullable Double confidence, @Nullable Integer resamples,
			@Nullable Integer permutations, @Nullable Long seed) {
	}

}
