package dev.arrakis.engine.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.jspecify.annotations.Nullable;

/**
 * Reads rotary settings from both config styles: transformers 4.x top-level
 * {@code rope_theta}, {@code partial_rotary_factor}, {@code rotary_pct},
 * {@code rotary_emb_base}, {@code rope_scaling}, and 5.x {@code rope_parameters}. Only
 * the default (unscaled) rope type is supported; anything else is refused by name.
 */
public final class RopeParameters {

	private RopeParameters() {
	}

	/**
	 * @param hf the config
	 * @param dHead the head dimension the rotation applies to
	 * @param defaultTheta the family's default base when the config gives none
	 * @param defaultPartialFactor the family's default fraction of d_head that is rotated
	 */
	public static Positional.Rotary from(HfConfig hf, int dHead, double defaultTheta, double defaultPartialFactor) {
		@Nullable JsonObject nested = nestedParameters(hf);
		double theta = hf.doubleOr("rope_theta", hf.doubleOr("rotary_emb_base", defaultTheta));
		double factor = hf.doubleOr("partial_rotary_factor", hf.doubleOr("rotary_pct", defaultPartialFactor));
		if (nested != null) {
			if (nested.has("rope_theta")) {
				theta = nested.get("rope_theta").getAsDouble();
			}
			if (nested.has("partial_rotary_factor")) {
				factor = nested.get("partial_rotary_factor").getAsDouble();
			}
			if (!typeOf(nested).equals("default")) {
				throw hf.unsupported("rope_parameters", "rope_type 'default'");
			}
		}
		JsonElement scaling = hf.raw("rope_scaling");
		if (scaling != null && scaling.isJsonObject() && !typeOf(scaling.getAsJsonObject()).equals("default")) {
			throw hf.unsupported("rope_scaling", "rope_type 'default'");
		}
		int rotaryDim = (int) (dHead * factor);
		return new Positional.Rotary(rotaryDim, theta);
	}

	private static @Nullable JsonObject nestedParameters(HfConfig hf) {
		JsonElement element = hf.raw("rope_parameters");
		if (element == null) {
			return null;
		}
		JsonObject object = element.getAsJsonObject();
		boolean perLayerType = object.entrySet().stream().allMatch(e -> e.getValue().isJsonObject());
		if (perLayerType && !object.isEmpty()) {
			throw hf.unsupported("rope_parameters", "one rope setting for all layers");
		}
		return object;
	}

	private static String typeOf(JsonObject object) {
		JsonElement type = object.has("rope_type") ? object.get("rope_type") : object.get("type");
		return type == null || type.isJsonNull() ? "default" : type.getAsString();
	}

}
