package dev.arrakis.tools.attention;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.types.DataType;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.ForwardWatch;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.Metric;
import dev.arrakis.tools.TestSequences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Head ablation and merging on tiny-induction-2l, whose circuit the detectors find
 * (previous-token heads in layer 0, induction heads in layer 1): silencing either half of
 * the circuit ruins the repeated half's prediction; silencing nothing, or resampling a
 * sequence from itself, changes nothing; merging obeys its closed forms.
 */
class HeadInterventionsTest {

	private static final long[] REPEATED = TestSequences.repeatedRandom(40, 7);

	/** The predictions of the repeated half, which only the circuit can make. */
	private static final Metric REPEATED_LOSS = Metric.loss(40, 79);

	private static HookedAutoModel model;

	private static AttentionTools tools;

	private static List<Head> previousTokenHeads;

	private static List<Head> inductionHeads;

	@BeforeAll
	static void load() throws IOException {
		model = HookedAutoModel.load(Paths.get("..", "models", "tiny-induction-2l").toAbsolutePath(),
				new LoadOptions(DType.FLOAT32, "cpu"));
		tools = new AttentionTools(model);
		previousTokenHeads = above(tools.detectHeads(REPEATED, HeadDetector.PREVIOUS_TOKEN), 0.9f);
		inductionHeads = above(tools.detectHeads(REPEATED, HeadDetector.INDUCTION), 0.4f);
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void silencingEitherHalfOfTheCircuitRuinsTheRepeatedHalf() {
		float[] before = logits();
		Metric repeatedToken = Metric.logitDifference(60, REPEATED[61], REPEATED[60]);
		for (List<Head> circuitHalf : List.of(previousTokenHeads, inductionHeads)) {
			InterventionEffect loss = tools.ablateHeads(REPEATED, circuitHalf, Ablation.ZERO, List.of(), REPEATED_LOSS);
			assertThat(loss.heads()).containsExactlyElementsOf(circuitHalf.stream().map(Head::label).toList());
			// The repeated half is predicted almost perfectly only through the circuit:
			// without either half of it the loss there is back near the first half's.
			assertThat(loss.clean()).isLessThan(0.01);
			assertThat(loss.intervened()).as("loss without %s", loss.heads()).isGreaterThan(1.0);
			assertThat(loss.effect()).isEqualTo(loss.intervened() - loss.clean());
			InterventionEffect logitDiff = tools.ablateHeads(REPEATED, circuitHalf, Ablation.ZERO, List.of(),
					repeatedToken);
			assertThat(logitDiff.clean()).isPositive();
			assertThat(logitDiff.effect()).isNegative();
		}
		// Heads outside the circuit matter far less than the circuit.
		List<Head> others = new ArrayList<>();
		for (int head = 0; head < 4; head++) {
			Head candidate = new Head(0, head);
			if (!previousTokenHeads.contains(candidate)) {
				others.add(candidate);
			}
		}
		double outside = tools.ablateHeads(REPEATED, others, Ablation.ZERO, List.of(), REPEATED_LOSS).effect();
		double circuit = tools.ablateHeads(REPEATED, previousTokenHeads, Ablation.ZERO, List.of(), REPEATED_LOSS)
			.effect();
		assertThat(outside).isLessThan(circuit / 4);
		assertThat(logits()).as("logits after the ablations").containsExactly(before);
	}

	@Test
	void ablatingNothingOrResamplingFromItselfChangesNothing() {
		for (Ablation kind : Ablation.values()) {
			InterventionEffect nothing = tools.ablateHeads(REPEATED, List.of(), kind, List.of(REPEATED), Metric.loss());
			assertThat(nothing.effect()).as("%s of no head", kind).isZero();
		}
		InterventionEffect self = tools.ablateHeads(REPEATED, inductionHeads, Ablation.RESAMPLE, List.of(REPEATED),
				Metric.loss());
		assertThat(self.effect()).isCloseTo(0, Offset.offset(1e-6));
		// Mean and resampling ablation remove what depends on this input: both hurt.
		long[] other = TestSequences.repeatedRandom(40, 11);
		double mean = tools
			.ablateHeads(REPEATED, inductionHeads, Ablation.MEAN, List.of(REPEATED, other), Metric.loss())
			.effect();
		double resample = tools.ablateHeads(REPEATED, inductionHeads, Ablation.RESAMPLE, List.of(other), Metric.loss())
			.effect();
		assertThat(mean).isPositive();
		assertThat(resample).isPositive();
	}

	@Test
	void theSweepAblatesOneHeadAtATime() {
		HeadScores sweep = tools.ablationSweep(REPEATED, Ablation.ZERO, List.of(), REPEATED_LOSS);
		assertThat(sweep.labels()).hasSize(8).startsWith("L0H0").endsWith("L1H3");
		for (Head head : List.of(new Head(0, 1), new Head(1, 2))) {
			double alone = tools.ablateHeads(REPEATED, List.of(head), Ablation.ZERO, List.of(), REPEATED_LOSS).effect();
			assertThat((double) sweep.score(head.layer(), head.head())).isCloseTo(alone, Offset.offset(1e-6));
		}
		// The induction heads back each other up: no single head matters as much as all
		// of them together.
		double together = tools.ablateHeads(REPEATED, inductionHeads, Ablation.ZERO, List.of(), REPEATED_LOSS).effect();
		for (float[] layer : sweep.scores()) {
			for (float effect : layer) {
				assertThat((double) effect).isLessThan(together / 10);
			}
		}
		assertThat(sweep.metric()).startsWith("zero ablation effect").contains("over positions [40, 79)");
	}

	@Test
	void theSweepReportsItsFinishedLayersToTheWatchAsItGoes() {
		ForwardWatch watch = new ForwardWatch();
		HeadScores sweep = watch.watch(() -> tools.ablationSweep(REPEATED, Ablation.ZERO, List.of(), REPEATED_LOSS));
		// The last report holds every layer: the result itself.
		assertThat(watch.partial()).isInstanceOfSatisfying(HeadScores.class, (partial) -> {
			assertThat(partial.scores()).isDeepEqualTo(sweep.scores());
			assertThat(partial.labels()).isEqualTo(sweep.labels());
			assertThat(partial.metric()).isEqualTo(sweep.metric());
		});
	}

	@Test
	void mergingFollowsItsClosedForms() {
		Head first = inductionHeads.get(0);
		Head second = inductionHeads.get(1);
		Metric metric = Metric.loss();
		// alpha = 1 keeps head1's weights and silences head2: a zero ablation of head2.
		double keepFirst = tools.mergeHeads(REPEATED, first.layer(), first.head(), second.head(), 1, metric)
			.intervened();
		double withoutSecond = tools.ablateHeads(REPEATED, List.of(second), Ablation.ZERO, List.of(), metric)
			.intervened();
		assertThat(keepFirst).isCloseTo(withoutSecond, Offset.offset(1e-5));
		// alpha = 0 moves head2 into head1's place: a zero ablation of head1.
		double keepSecond = tools.mergeHeads(REPEATED, first.layer(), first.head(), second.head(), 0, metric)
			.intervened();
		double withoutFirst = tools.ablateHeads(REPEATED, List.of(first), Ablation.ZERO, List.of(), metric)
			.intervened();
		assertThat(keepSecond).isCloseTo(withoutFirst, Offset.offset(1e-5));
		InterventionEffect half = tools.mergeHeads(REPEATED, first.layer(), first.head(), second.head(), 0.5, metric);
		assertThat(half.heads()).containsExactly(first.label(), second.label());
		assertThat(half.intervention()).isEqualTo("merge alpha=0.5");
	}

	@Test
	void badInputNamesTheParameterAndItsRange() {
		Metric loss = Metric.loss();
		assertThatThrownBy(() -> tools.ablateHeads(REPEATED, List.of(new Head(0, 4)), Ablation.ZERO, List.of(), loss))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("heads[0].head = 4 is out of range: valid values are 0..3");
		assertThatThrownBy(() -> tools.ablateHeads(REPEATED, List.of(new Head(2, 0)), Ablation.ZERO, List.of(), loss))
			.hasMessage("heads[0].layer = 2 is out of range: valid values are 0..1");
		assertThatThrownBy(() -> tools.ablateHeads(REPEATED, List.of(new Head(0, 0)), Ablation.MEAN, List.of(), loss))
			.hasMessageContaining("reference must hold at least one sequence");
		assertThatThrownBy(() -> tools.ablateHeads(REPEATED, List.of(new Head(0, 0)), Ablation.RESAMPLE,
				List.of(new long[] { 1, 2, 3 }), loss))
			.hasMessage("reference[0] holds 3 tokens; resampling needs every reference as long as tokens (80)");
		assertThatThrownBy(() -> tools.ablateHeads(new long[0], List.of(), Ablation.ZERO, List.of(), loss))
			.hasMessage("tokens must hold at least 1 token, got 0");
		assertThatThrownBy(() -> tools.ablateHeads(new long[] { 1, 300 }, List.of(), Ablation.ZERO, List.of(), loss))
			.hasMessage("tokens[1] = 300 is not a token id: valid ids are 0..255");
		assertThatThrownBy(() -> tools.ablateHeads(REPEATED, List.of(), Ablation.ZERO, List.of(),
				Metric.logitDifference(80, 1, 2)))
			.hasMessage("position = 80 is out of range: valid values are 0..79");
		assertThatThrownBy(() -> tools.ablateHeads(REPEATED, List.of(), Ablation.ZERO, List.of(),
				Metric.logitDifference(3, 1, 256)))
			.hasMessage("incorrectToken = 256 is out of range: valid values are 0..255");
		assertThatThrownBy(() -> tools.mergeHeads(REPEATED, 1, 2, 2, 0.5, loss))
			.hasMessage("head1 and head2 must differ, both are 2");
		assertThatThrownBy(() -> tools.mergeHeads(REPEATED, 1, 0, 2, 1.5, loss))
			.hasMessage("alpha = 1.5 is out of range: valid values are 0..1");
		assertThatThrownBy(() -> tools.mergeHeads(REPEATED, 1, 0, 7, 0.5, loss))
			.hasMessage("head2 = 7 is out of range: valid values are 0..3");
	}

	private static List<Head> above(HeadScores scores, float threshold) {
		List<Head> heads = new ArrayList<>();
		for (int layer = 0; layer < scores.scores().length; layer++) {
			for (int head = 0; head < scores.scores()[layer].length; head++) {
				if (scores.score(layer, head) > threshold) {
					heads.add(new Head(layer, head));
				}
			}
		}
		assertThat(heads).as(scores.metric()).isNotEmpty();
		return heads;
	}

	private static float[] logits() {
		try (RunResult run = model.runWithHooks(ModelInput.of(REPEATED), Hooks.none())) {
			return run.output().toType(DataType.FLOAT32, false).toFloatArray();
		}
	}

}
