package dev.arrakis.bench.plot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.tools.residual.LogitAttribution;
import dev.arrakis.tools.residual.LogitAttributionResult;

/**
 * {@code residual_decomposition}: direct logit attribution as the
 * {@link LogitAttribution} tool defines it: with the final norm's scale frozen, each
 * component of the final residual (embed, pos_embed, every head, every attention bias,
 * every MLP) contributes a bar to logit[tokenId] at a position; the bars plus the
 * constant b_final . u + b_U add up to the model's logit. The tool runs its own forward.
 */
final class ResidualDecompositionPlot implements PlotKind {

	@Override
	public String type() {
		return "residual_decomposition";
	}

	@Override
	public String usage() {
		return "no data keys; options position (default the last) and tokenId (default the model's top token at "
				+ "that position)";
	}

	@Override
	public PreparedPlot prepare(PlotRequest request) {
		request.keys(0, 0, Set.of());
		request.allowOptions("position", "tokenId");
		HookedAutoModel model = request.model();
		int positions = request.tokens().length;
		int position = request.indexOption("position", positions - 1, positions);
		Integer tokenId = request.hasOption("tokenId") ? request.indexOption("tokenId", 0, model.config().dVocab())
				: null;
		return new PreparedPlot(List.of(), forward -> draw(forward, request, position, tokenId));
	}

	private PlotData draw(Forward forward, PlotRequest request, int position, @Nullable Integer tokenId) {
		int token = tokenId != null ? tokenId : forward.topToken(position);
		LogitAttributionResult attribution = new LogitAttribution(forward.model())
			.directLogitAttribution(forward.tokens(), position, token);
		@Nullable Float[] values = new Float[attribution.values().length];
		for (int i = 0; i < values.length; i++) {
			values[i] = Cells.value(attribution.values()[i]);
		}
		Map<String, Double> scalars = new LinkedHashMap<>();
		scalars.put("constant", attribution.constant());
		scalars.put("sum", attribution.total());
		scalars.put("logit", attribution.actual());
		String title = request.title("Direct logit attribution to logit[%d] at position %d".formatted(token, position));
		return new PlotData(type(), PlotData.BARS, title, "Component", "Direct contribution (logits)",
				attribution.metric() + "; bars + constant = sum (equals logit)", List.of(), attribution.labels(),
				List.of(new PlotData.Series("direct contribution", values)), List.of(), scalars);
	}

}
