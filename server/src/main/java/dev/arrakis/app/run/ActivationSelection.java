package dev.arrakis.app.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.arrakis.app.web.InvalidFieldProblem;
import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.Narrowing;

/**
 * What a run returns: the hooks its patterns match, the positions and heads to keep, and
 * where the forward pass stops. Validated against the model and the input length.
 *
 * @param hooks the selected hooks, in execution order
 * @param positions positions to keep (each in [0, length)), null for all
 * @param heads heads to keep of per-head hooks, null for all
 * @param stopAtLayer run blocks [0, stopAtLayer) only; null for the whole model
 */
public record ActivationSelection(List<HookName> hooks, @Nullable List<Integer> positions,
		@Nullable List<Integer> heads, @Nullable Integer stopAtLayer) {

	public ActivationSelection {
		hooks = List.copyOf(hooks);
		positions = positions == null ? null : List.copyOf(positions);
		heads = heads == null ? null : List.copyOf(heads);
	}

	/**
	 * @throws UnknownHookProblem for a hook pattern that matches nothing
	 * @throws InvalidFieldProblem for a position or head out of range, or a hook the run
	 * does not reach with {@code stopAtLayer}
	 */
	public static ActivationSelection of(RunRequest request, HookedAutoModel model, int length) {
		HookedAutoConfig config = model.config();
		Integer stopAtLayer = request.stopAtLayer();
		if (stopAtLayer != null && (stopAtLayer < 0 || stopAtLayer > config.nLayers())) {
			throw new InvalidFieldProblem("stopAtLayer", "stopAtLayer must be in [0, %d] for model '%s', got %d"
				.formatted(config.nLayers(), model.name(), stopAtLayer));
		}
		List<HookName> hooks = HookResolver.resolve(request.hookPatterns(), model.hookNames(), "hooks");
		if (stopAtLayer != null) {
			for (HookName hook : hooks) {
				if (!reached(hook, stopAtLayer, model.hookNames())) {
					throw new InvalidFieldProblem("hooks",
							("hook %s is not reached when the run stops at "
									+ "layer %d: only hooks of blocks 0..%d and those before them are")
								.formatted(hook, stopAtLayer, stopAtLayer - 1),
							Map.of("hook", hook.toString()));
				}
			}
		}
		List<Integer> positions = request.positions() == null ? null : request.positions().resolve(length, "positions");
		List<Integer> heads = request.heads() == null ? null : heads(request.heads(), config.nHeads(), "heads");
		return new ActivationSelection(hooks, positions, heads, stopAtLayer);
	}

	/**
	 * Checks head indices against the model's head count.
	 * @param field the JSON path of the list, e.g. {@code heads}
	 */
	public static List<Integer> heads(List<Integer> heads, int nHeads, String field) {
		if (heads.isEmpty()) {
			throw new InvalidFieldProblem(field, field + " is empty; omit it to select every head");
		}
		List<Integer> checked = new ArrayList<>(heads.size());
		for (int i = 0; i < heads.size(); i++) {
			Integer head = heads.get(i);
			if (head == null || head < 0 || head >= nHeads) {
				throw new InvalidFieldProblem("%s[%d]".formatted(field, i),
						"%s[%d]: head %s is out of range: the model has %d heads (0..%d)".formatted(field, i, head,
								nHeads, nHeads - 1),
						Map.of("heads", nHeads));
			}
			checked.add(head);
		}
		return List.copyOf(checked);
	}

	/** The narrowing that copies exactly the selected positions and heads. */
	public Narrowing narrowing() {
		return new Narrowing(this.positions, this.heads);
	}

	/** How many positions are returned of a sequence of {@code length}. */
	public int positionCount(int length) {
		return this.positions == null ? length : this.positions.size();
	}

	private static boolean reached(HookName hook, int stopAtLayer, List<HookName> catalogue) {
		if (hook.point().perBlock()) {
			return hook.layer() < stopAtLayer;
		}
		// Model-level hooks before the first block (embeddings) are reached; those after
		// the last (final norm, logits) are not.
		int firstBlock = 0;
		while (firstBlock < catalogue.size() && !catalogue.get(firstBlock).point().perBlock()) {
			firstBlock++;
		}
		return catalogue.indexOf(hook) < firstBlock;
	}

}
