package dev.arrakis.bench.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.Hooks;

/**
 * {@code logit_lens}: the logit lens (nostalgebraist 2020) as the
 * {@link dev.arrakis.tools.residual.LogitLens} tool defines it: resid_pre of every layer,
 * then the final resid_post, read out through ln_final and W_U. Each cell is the
 * probability that readout gives the model's own final top token at that position; its
 * text is the readout's own top-1 token.
 */
final class LogitLensPlot implements PlotKind {

	@Override
	public String type() {
		return "logit_lens";
	}

	@Override
	public String usage() {
		return "no data keys (it reads every blocks.L.hook_resid_pre and the last hook_resid_post); no options";
	}

	@Override
	public PreparedPlot prepare(PlotRequest request) {
		request.keys(0, 0, Set.of());
		request.allowOptions();
		int layers = request.model().config().nLayers();
		List<HookName> readouts = new ArrayList<>();
		for (int layer = 0; layer < layers; layer++) {
			readouts.add(HookName.residPre(layer));
		}
		readouts.add(HookName.residPost(layers - 1));
		String title = request.title("Logit lens: probability of the model's final top token");
		return new PreparedPlot(readouts, forward -> draw(forward, readouts, title));
	}

	private PlotData draw(Forward forward, List<HookName> readouts, String title) {
		HookedAutoModel model = forward.model();
		int positions = forward.tokens().length;
		int vocab = model.config().dVocab();
		int[] finalTop = new int[positions];
		for (int position = 0; position < positions; position++) {
			finalTop[position] = forward.topToken(position);
		}
		@Nullable Float[][] values = new Float[readouts.size()][positions];
		List<List<String>> topTokens = new ArrayList<>();
		for (int row = 0; row < readouts.size(); row++) {
			float[] probabilities;
			try (ForwardContext lens = model.newContext(Hooks.none())) {
				// A view owned by the lens scope, so that every array the readout makes
				// is freed with it.
				NDArray residual = forward.cache().get(readouts.get(row)).get(lens.manager(), new NDIndex("..."));
				NDArray logits = model.transformer().unembedResidual(residual, lens);
				probabilities = logits.toType(DataType.FLOAT32, false).softmax(-1).toFloatArray();
			}
			List<String> tops = new ArrayList<>();
			for (int position = 0; position < positions; position++) {
				int offset = position * vocab;
				values[row][position] = Cells.value(probabilities[offset + finalTop[position]]);
				tops.add(Integer.toString(argmax(probabilities, offset, vocab)));
			}
			topTokens.add(tops);
		}
		List<String> rows = new ArrayList<>();
		for (int layer = 0; layer < readouts.size() - 1; layer++) {
			rows.add("L" + layer + "_resid_pre");
		}
		rows.add("final");
		List<String> columns = new ArrayList<>();
		for (int position = 0; position < positions; position++) {
			columns.add(position + " (next " + finalTop[position] + ")");
		}
		PlotData.Heatmap heatmap = new PlotData.Heatmap(title, rows, columns, values, topTokens,
				PlotData.Heatmap.SEQUENTIAL);
		return PlotData.heatmap(type(), title, "Position (the model's final top token)", "Readout",
				"probability of the model's final top token; cell text: the readout's top-1 token id", heatmap);
	}

	private static int argmax(float[] values, int offset, int length) {
		int best = 0;
		for (int i = 1; i < length; i++) {
			if (values[offset + i] > values[offset + best]) {
				best = i;
			}
		}
		return best;
	}

}
