package dev.arrakis.bench.plot;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.arrakis.engine.DType;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.LoadOptions;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Narrowing;
import dev.arrakis.tools.TestSequences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * With 12 layers lexicographic order would put L10 and L11 before L2: the residual stream
 * plot keeps numeric order, whatever order the keys come in.
 */
class ResidualStreamOrderTest {

	private static final long[] TOKENS = TestSequences.repeatedRandom(8, 5);

	@Test
	void layersAreInNumericOrderWithTheirOwnNorms() {
		HookedAutoModel small = PlotTestModels.tinyInduction();
		List<Integer> twelve = IntStream.range(0, 12).map(i -> i % 2).boxed().toList();
		try (small;
				HookedAutoModel model = HookedAutoModel.random(small.config().withLayers(twelve), 3,
						new LoadOptions(DType.FLOAT32, "cpu"))) {
			PlotData all = Plots.data(model, TOKENS, PlotSpec.of("residual_stream"));
			assertThat(all.categories())
				.containsExactlyElementsOf(IntStream.range(0, 12).mapToObj(l -> "L" + l).toList());
			PlotData some = Plots.data(model, TOKENS, PlotSpec.of("residual_stream", "blocks.10.hook_resid_post",
					"blocks.2.hook_resid_post", "blocks.11.hook_resid_post", "blocks.2.hook_resid_post"));
			assertThat(some.categories()).containsExactly("L2", "L10", "L11");
			float[][] residuals = new float[12][];
			try (RunResult run = model.runWithCache(ModelInput.of(TOKENS),
					HookFilter.of(name -> name.point() == HookPoint.RESID_POST), null)) {
				for (int layer = 0; layer < 12; layer++) {
					residuals[layer] = run.cache().toHost(HookName.residPost(layer), Narrowing.ALL).data();
				}
			}
			int width = model.config().dModel();
			for (int layer = 0; layer < 12; layer++) {
				double sum = 0;
				for (int position = 0; position < TOKENS.length; position++) {
					double squares = 0;
					for (int d = 0; d < width; d++) {
						squares += Math.pow(residuals[layer][position * width + d], 2);
					}
					sum += Math.sqrt(squares);
				}
				double expected = sum / TOKENS.length;
				assertThat((double) all.series().get(0).values()[layer]).as("L%d", layer)
					.isCloseTo(expected, offset(1e-4 * expected));
			}
			assertThat(some.series().get(0).values()).containsExactly(all.series().get(0).values()[2],
					all.series().get(0).values()[10], all.series().get(0).values()[11]);
		}
	}

}
