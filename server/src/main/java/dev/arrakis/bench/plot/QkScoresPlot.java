package dev.arrakis.bench.plot;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.config.Positional;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.HostTensor;
import dev.arrakis.engine.hooks.Narrowing;

/**
 * {@code qk_dot_product}: one head's attention scores before the softmax, score[q][k] =
 * attention_scale * (q_q . k_k) with head h reading key/value head h / group_size, as a
 * heatmap centred on 0. Keys a query cannot see (later positions, outside a sliding
 * window) have no score and are null.
 */
final class QkScoresPlot implements PlotKind {

	private static final Set<HookPoint> ACCEPTED = Set.of(HookPoint.ATTN_SCORES, HookPoint.ATTN_Q, HookPoint.ATTN_K,
			HookPoint.ROT_Q, HookPoint.ROT_K);

	@Override
	public String type() {
		return "qk_dot_product";
	}

	@Override
	public String usage() {
		return "one blocks.L.attn.hook_attn_scores key, or the query and key hooks of one layer: "
				+ "blocks.L.attn.hook_q and blocks.L.attn.hook_k, or hook_rot_q and hook_rot_k on rotary models "
				+ "(option head, default 0)";
	}

	@Override
	public PreparedPlot prepare(PlotRequest request) {
		List<HookName> keys = request.keys(1, 2, ACCEPTED);
		request.allowOptions("head");
		int head = request.indexOption("head", 0, request.model().config().nHeads());
		int layer = keys.get(0).layer();
		List<HookName> hooks;
		if (keys.size() == 1) {
			if (keys.get(0).point() != HookPoint.ATTN_SCORES) {
				throw request.wrong("one key must be a hook_attn_scores key, got '%s'".formatted(keys.get(0)));
			}
			hooks = keys;
		}
		else {
			hooks = queryAndKey(request, keys);
		}
		String title = request.title("Attention scores q.k (scaled, causal) of L%dH%d".formatted(layer, head));
		return new PreparedPlot(hooks, forward -> draw(forward, hooks, head, title));
	}

	/**
	 * The query hook then the key hook, checked to be the ones the model's scores use.
	 */
	private static List<HookName> queryAndKey(PlotRequest request, List<HookName> keys) {
		boolean rotary = request.model().config().positional() instanceof Positional.Rotary;
		HookPoint query = rotary ? HookPoint.ROT_Q : HookPoint.ATTN_Q;
		HookPoint key = rotary ? HookPoint.ROT_K : HookPoint.ATTN_K;
		HookName queries = keys.stream().filter(name -> name.point() == query).findFirst().orElse(null);
		HookName keysHook = keys.stream().filter(name -> name.point() == key).findFirst().orElse(null);
		if (queries == null || keysHook == null) {
			String why = rotary ? "this model is rotary: its scores use the rotated queries and keys" : "";
			throw request.wrong("got %s, need %s and %s of one layer%s".formatted(keys, query.suffix(), key.suffix(),
					why.isEmpty() ? "" : " (" + why + ")"));
		}
		if (queries.layer() != keysHook.layer()) {
			throw request
				.wrong("got queries of layer %d and keys of layer %d".formatted(queries.layer(), keysHook.layer()));
		}
		return List.of(queries, keysHook);
	}

	private PlotData draw(Forward forward, List<HookName> hooks, int head, String title) {
		HookedAutoConfig config = forward.model().config();
		int layer = hooks.get(0).layer();
		@Nullable Float[][] scores = hooks.size() == 1 ? fromScores(forward, hooks.get(0), head)
				: fromQueriesAndKeys(forward, hooks.get(0), hooks.get(1), head, config);
		Cells.hideUnseen(scores, config.attentionType(layer));
		PlotData.Heatmap heatmap = new PlotData.Heatmap(title, Cells.indices(scores.length),
				Cells.indices(scores.length), scores, null, PlotData.Heatmap.DIVERGING);
		return PlotData.heatmap(type(), title, "Key position", "Query position",
				"attention_scale * q.k (score before softmax; null where masked)", heatmap);
	}

	private static @Nullable Float[][] fromScores(Forward forward, HookName scores, int head) {
		HostTensor tensor = forward.cache().toHost(scores, Narrowing.heads(head));
		int positions = (int) tensor.shape()[2];
		return Cells.matrix(tensor.data(), 0, positions, positions);
	}

	private static @Nullable Float[][] fromQueriesAndKeys(Forward forward, HookName queryHook, HookName keyHook,
			int head, HookedAutoConfig config) {
		HostTensor queries = forward.cache().toHost(queryHook, Narrowing.heads(head));
		HostTensor keys = forward.cache().toHost(keyHook, Narrowing.heads(head / config.groupSize()));
		int positions = (int) queries.shape()[1];
		int width = (int) queries.shape()[3];
		float[] q = queries.data();
		float[] k = keys.data();
		@Nullable Float[][] scores = new Float[positions][positions];
		for (int query = 0; query < positions; query++) {
			for (int key = 0; key < positions; key++) {
				double dot = 0;
				for (int d = 0; d < width; d++) {
					dot += (double) q[query * width + d] * k[key * width + d];
				}
				scores[query][key] = Cells.value(dot * config.attentionScale());
			}
		}
		return scores;
	}

}
