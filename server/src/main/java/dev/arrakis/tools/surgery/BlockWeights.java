package dev.arrakis.tools.surgery;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.djl.ndarray.NDArray;

import dev.arrakis.engine.HookedAutoModel;

/**
 * Weight sources for derived models whose blocks come from other blocks: the derived
 * model asks for {@code blocks.i.*} by its own layer numbers, and these sources answer
 * with the weights of the block that layer is taken from.
 */
final class BlockWeights {

	private static final Pattern BLOCK = Pattern.compile("blocks\\.(\\d+)\\.(.+)");

	private BlockWeights() {
	}

	/**
	 * Block i of the derived model is block {@code layers.get(i)} of {@code source};
	 * every other weight is the source's own.
	 */
	static HookedAutoModel.WeightSource rearranged(HookedAutoModel source, List<Integer> layers) {
		return (name, into) -> {
			Matcher block = BLOCK.matcher(name);
			if (!block.matches()) {
				return source.weight(name, into);
			}
			int layer = layers.get(Integer.parseInt(block.group(1)));
			return source.weight("blocks." + layer + "." + block.group(2), into);
		};
	}

	/**
	 * Block {@code target} is block {@code donorLayer} of {@code donor}, cast to the
	 * receiving model's type; everything else is {@code receiver}'s own.
	 */
	static HookedAutoModel.WeightSource transplanted(HookedAutoModel receiver, int target, HookedAutoModel donor,
			int donorLayer) {
		String targetPrefix = "blocks." + target + ".";
		return (name, into) -> {
			if (!name.startsWith(targetPrefix)) {
				return receiver.weight(name, into);
			}
			String donorName = "blocks." + donorLayer + "." + name.substring(targetPrefix.length());
			return castTo(receiver, donor.weight(donorName, into));
		};
	}

	private static NDArray castTo(HookedAutoModel receiver, NDArray weight) {
		return weight.toType(receiver.dtype().dataType(), false);
	}

}
