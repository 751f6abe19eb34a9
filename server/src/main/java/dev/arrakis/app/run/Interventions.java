package dev.arrakis.app.run;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.jspecify.annotations.Nullable;

import dev.arrakis.app.web.InvalidFieldProblem;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.hooks.HookFn;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.Hooks;

/**
 * Turns a run's {@link InterventionSpec}s into engine hooks, after checking each against
 * the model and the input shape (hook, kind, value shape, factor, positions, heads), so
 * that nothing fails half-way through a forward pass.
 */
public final class Interventions {

	private Interventions() {
	}

	/**
	 * {@code base} with the interventions added, in order.
	 * @throws InvalidFieldProblem or {@link UnknownHookProblem} naming the field
	 */
	public static Hooks addTo(Hooks base, List<InterventionSpec> specs, HookedAutoModel model, int batch, int length) {
		Hooks hooks = base;
		for (int i = 0; i < specs.size(); i++) {
			String field = "interventions[%d]".formatted(i);
			InterventionSpec spec = checked(specs.get(i), field);
			HookName hook = hook(spec.hook(), model, field + ".hook");
			hooks = hooks.with(hook, function(spec, hook, model, batch, length, field));
		}
		return hooks;
	}

	/**
	 * The interventions that apply to each generated token's pass through the KV cache
	 * (one new position), added to {@code base}: all but those limited to
	 * {@code positions} (which index the prompt) and {@code mean_ablate} ones (the mean
	 * over one position is that position). A {@code value} must broadcast to one
	 * position's activation: size 1 on every position axis.
	 * @throws InvalidFieldProblem or {@link UnknownHookProblem} naming the field
	 */
	public static Hooks addToGeneratedTokens(Hooks base, List<InterventionSpec> specs, HookedAutoModel model) {
		return addToGeneratedTokens(base, specs, model, 1);
	}

	/**
	 * {@link #addToGeneratedTokens(Hooks, List, HookedAutoModel)} for passes over
	 * {@code batch} rows, one new token each.
	 * @throws InvalidFieldProblem or {@link UnknownHookProblem} naming the field
	 */
	public static Hooks addToGeneratedTokens(Hooks base, List<InterventionSpec> specs, HookedAutoModel model,
			int batch) {
		Hooks hooks = base;
		for (int i = 0; i < specs.size(); i++) {
			String field = "interventions[%d]".formatted(i);
			InterventionSpec spec = checked(specs.get(i), field);
			HookName hook = hook(spec.hook(), model, field + ".hook");
			if (spec.positions() == null
					&& InterventionKind.parse(spec.kind(), field + ".kind") != InterventionKind.MEAN_ABLATE) {
				hooks = hooks.with(hook, function(spec, hook, model, batch, 1, field));
			}
		}
		return hooks;
	}

	private static InterventionSpec checked(@Nullable InterventionSpec spec, String field) {
		if (spec == null) {
			throw new InvalidFieldProblem(field, field + " is null");
		}
		return spec;
	}

	private static HookName hook(@Nullable String name, HookedAutoModel model, String field) {
		if (name == null || name.isBlank()) {
			throw new InvalidFieldProblem(field, field + " is missing: give an exact hook name");
		}
		Optional<HookName> parsed = HookName.tryParse(name);
		if (parsed.isEmpty() || !model.hookNames().contains(parsed.get())) {
			String why = name.contains("*") ? "interventions take an exact hook name, not a pattern"
					: parsed.isPresent() ? "this model has no such hook" : "not a hook name";
			throw new UnknownHookProblem(field, name, why, HookResolver.closest(name, model.hookNames()));
		}
		return parsed.get();
	}

	private static HookFn function(InterventionSpec spec, HookName hook, HookedAutoModel model, int batch, int length,
			String field) {
		InterventionKind kind = InterventionKind.parse(spec.kind(), field + ".kind");
		HookDims dims = HookDims.of(hook, model.config(), batch, length);
		ValueTensor value = null;
		if (kind == InterventionKind.REPLACE || kind == InterventionKind.ADD) {
			if (spec.value() == null) {
				throw new InvalidFieldProblem(field + ".value",
						"%s.value is required for kind %s".formatted(field, kind.jsonName()));
			}
			value = ValueTensor.parse(spec.value(), field + ".value");
			value.requireBroadcastsTo(dims.sizes(), field + ".value", hook.toString());
		}
		if (kind == InterventionKind.SCALE && (spec.factor() == null || !Double.isFinite(spec.factor()))) {
			throw new InvalidFieldProblem(field + ".factor",
					"%s.factor must be a finite number for kind scale, got %s".formatted(field, spec.factor()));
		}
		boolean[] mask = mask(spec, hook, dims, field);
		long[] maskShape = maskShape(dims);
		ValueTensor fixedValue = value;
		double factor = spec.factor() == null ? 1 : spec.factor();
		return (activation, name) -> {
			NDArray changed = switch (kind) {
				case ZERO -> activation.zerosLike();
				case SCALE -> activation.mul(factor);
				case ADD -> activation.add(onDevice(fixedValue, activation));
				case REPLACE -> activation.zerosLike().add(onDevice(fixedValue, activation));
				case MEAN_ABLATE ->
					activation.zerosLike().add(activation.mean(new int[] { dims.positionAxis() }, true));
			};
			if (mask == null) {
				return changed;
			}
			// DJL's where wants equal shapes: the small mask is broadcast over the rest.
			NDArray where = activation.getManager().create(mask, new Shape(maskShape)).broadcast(activation.getShape());
			return NDArrays.where(where, changed, activation);
		};
	}

	private static NDArray onDevice(@Nullable ValueTensor value, NDArray activation) {
		NDArray array = activation.getManager().create(value.data(), new Shape(value.shape()));
		return activation.getDataType() == DataType.FLOAT32 ? array : array.toType(activation.getDataType(), false);
	}

	/**
	 * A mask over the position and head axes (size 1 on the others), true where the
	 * intervention applies; null when it applies everywhere.
	 */
	private static boolean @Nullable [] mask(InterventionSpec spec, HookName hook, HookDims dims, String field) {
		if (spec.positions() == null && spec.heads() == null) {
			return null;
		}
		int positionAxis = dims.positionAxis();
		int headAxis = dims.headAxis();
		int length = (int) dims.sizes()[positionAxis];
		List<Integer> positions = spec.positions() == null ? null
				: spec.positions().resolve(length, field + ".positions");
		List<Integer> heads = null;
		if (spec.heads() != null) {
			if (headAxis < 0) {
				throw new InvalidFieldProblem(field + ".heads",
						"%s.heads: %s has no head axis; heads apply to per-head hooks only".formatted(field, hook));
			}
			heads = ActivationSelection.heads(spec.heads(), (int) dims.sizes()[headAxis], field + ".heads");
		}
		long[] shape = maskShape(dims);
		int headCount = headAxis < 0 ? 1 : (int) shape[headAxis];
		boolean[] mask = new boolean[length * headCount];
		for (int p = 0; p < length; p++) {
			for (int h = 0; h < headCount; h++) {
				boolean position = positions == null || positions.contains(p);
				boolean head = heads == null || heads.contains(h);
				// Row-major over the two axes, in the order they appear.
				int index = headAxis < 0 || positionAxis < headAxis ? p * headCount + h : h * length + p;
				mask[index] = position && head;
			}
		}
		return mask;
	}

	private static long[] maskShape(HookDims dims) {
		long[] shape = new long[dims.sizes().length];
		Arrays.fill(shape, 1);
		shape[dims.positionAxis()] = dims.sizes()[dims.positionAxis()];
		if (dims.headAxis() >= 0) {
			shape[dims.headAxis()] = dims.sizes()[dims.headAxis()];
		}
		return shape;
	}

}
