package dev.arrakis.bench.plot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Narrowing;

/**
 * {@code attention}: one head's attention pattern as a heatmap, query position down and
 * key position across; or any activation that is a matrix per sequence once a head is
 * chosen (e.g. resid_post as position x d_model), with its own dimensions on the axes.
 */
final class AttentionPlot implements PlotKind {

	@Override
	public String type() {
		return "attention";
	}

	@Override
	public String usage() {
		return "one blocks.L.attn.hook_pattern key (option head, default 0), or one key of any activation that is "
				+ "2-D per sequence once a head is chosen (e.g. blocks.L.hook_resid_post, blocks.L.attn.hook_z with "
				+ "head)";
	}

	@Override
	public PreparedPlot prepare(PlotRequest request) {
		HookName key = request.keys(1, 1, EnumSet.allOf(HookPoint.class)).get(0);
		String[] allDims = key.point().dims().split(" ");
		List<String> perSequence = Arrays.asList(allDims).subList(1, allDims.length);
		List<String> dims = new ArrayList<>(perSequence);
		HookedAutoConfig config = request.model().config();
		int headAxisSize = dims.remove("n_heads") ? config.nHeads()
				: dims.remove("n_key_value_heads") ? config.nKeyValueHeads() : 0;
		if (dims.size() != 2) {
			throw request.wrong("data key '%s' is %s per sequence, not a matrix".formatted(key, perSequence));
		}
		@Nullable Integer head = null;
		if (headAxisSize > 0) {
			request.allowOptions("head");
			head = request.indexOption("head", 0, headAxisSize);
		}
		else if (request.hasOption("head")) {
			throw request.wrong("option head applies to hooks with a head axis; '%s' has none".formatted(key));
		}
		else {
			request.allowOptions();
		}
		String what = key.point() == HookPoint.PATTERN ? "Attention pattern" : "Activation";
		String title = request.title(head == null ? what + ": " + key : "%s: %s, head %d".formatted(what, key, head));
		@Nullable Integer chosenHead = head;
		return new PreparedPlot(List.of(key), forward -> draw(forward, key, chosenHead, dims, title));
	}

	private PlotData draw(Forward forward, HookName key, @Nullable Integer head, List<String> dims, String title) {
		HostTensor tensor = forward.cache().toHost(key, head == null ? Narrowing.ALL : Narrowing.heads(head));
		long[] shape = tensor.shape();
		int columns = (int) shape[shape.length - 1];
		int rows = (int) (tensor.data().length / columns);
		@Nullable Float[][] values = Cells.matrix(tensor.data(), 0, rows, columns);
		if (key.point() == HookPoint.ATTN_SCORES) {
			Cells.hideUnseen(values, forward.model().config().attentionType(key.layer()));
		}
		String scale = Heatmaps.scaleFor(values);
		PlotData.Heatmap heatmap = new PlotData.Heatmap(title, Cells.indices(rows), Cells.indices(columns), values,
				null, scale);
		return PlotData.heatmap(type(), title, Cells.axisLabel(dims.get(1)), Cells.axisLabel(dims.get(0)),
				valueLabel(key.point()), heatmap);
	}

	private static String valueLabel(HookPoint point) {
		return switch (point) {
			case PATTERN -> "attention probability";
			case ATTN_SCORES -> "scaled q.k score before softmax";
			default -> point.suffix() + ": " + point.meaning();
		};
	}

}
