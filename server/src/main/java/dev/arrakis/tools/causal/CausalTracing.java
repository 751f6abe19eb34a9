package dev.arrakis.tools.causal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.ModelInput;
import dev.arrakis.engine.RunResult;
import dev.arrakis.engine.hooks.HookFilter;
import dev.arrakis.engine.hooks.HookName;
import dev.arrakis.engine.hooks.HookPoint;
import dev.arrakis.engine.hooks.Hooks;
import dev.arrakis.tools.causal.PatchedRuns.Site;

/**
 * Causal tracing (Meng et al. 2022, "Locating and Editing Factual Associations in GPT",
 * ROME). The subject's token embeddings (hook_embed at positions [subjectFrom,
 * subjectTo)) get Gaussian noise of standard deviation noiseScale x sigma, sigma being
 * the standard deviation of the entries of W_E over the whole vocabulary; then one state
 * at a time, hook_resid_post, hook_attn_out or hook_mlp_out of one layer at one position,
 * is restored to its clean value, and the probability of the target token at the last
 * position is measured. Every probability averages the same {@code samples} seeded noise
 * draws. Restored runs are batched, one (state, noise draw) per row. Inputs are checked
 * by the caller ({@link ActivationPatching#trace}).
 */
final class CausalTracing {

	private static final List<HookPoint> RESTORED = List.of(HookPoint.RESID_POST, HookPoint.ATTN_OUT,
			HookPoint.MLP_OUT);

	private final HookedAutoModel model;

	private final SweepBatching batching;

	CausalTracing(HookedAutoModel model, SweepBatching batching) {
		this.model = model;
		this.batching = batching;
	}

	CausalTrace trace(long[] tokens, int subjectFrom, int subjectTo, long targetToken, double noiseScale, int samples,
			long seed) {
		int layers = this.model.config().nLayers();
		int length = tokens.length;
		double noiseStd = noiseScale * embeddingStd();
		float[][] noise = noise(samples, (subjectTo - subjectFrom) * this.model.config().dModel(), noiseStd, seed);
		// Sites: first the noised runs with nothing restored, then per restored point,
		// layer and position, one row per noise draw.
		List<Site> sites = new ArrayList<>();
		for (int sample = 0; sample < samples; sample++) {
			sites.add(Site.none());
		}
		for (HookPoint point : RESTORED) {
			for (int layer = 0; layer < layers; layer++) {
				for (int position = 0; position < length; position++) {
					for (int sample = 0; sample < samples; sample++) {
						sites.add(new Site(HookName.of(point, layer), PatchedRuns.ALL, position));
					}
				}
			}
		}
		double clean;
		double[] probabilities;
		try (RunResult cleanRun = this.model.runWithCache(ModelInput.of(tokens),
				HookFilter.of(name -> RESTORED.contains(name.point())), null)) {
			clean = probabilities(cleanRun.output(), targetToken)[0];
			probabilities = new PatchedRuns(this.model, this.batching).run(tokens, sites, cleanRun.cache(),
					(hooks, from, to) -> hooks.with(HookName.of(HookPoint.EMBED),
							(embed, name) -> addNoise(embed, noise, from, subjectFrom)),
					logits -> probabilities(logits, targetToken));
		}
		float[][][] restored = new float[RESTORED.size()][layers][length];
		for (int point = 0; point < RESTORED.size(); point++) {
			for (int layer = 0; layer < layers; layer++) {
				for (int position = 0; position < length; position++) {
					int first = samples * (1 + (point * layers + layer) * length + position);
					restored[point][layer][position] = (float) mean(probabilities, first, samples);
				}
			}
		}
		return new CausalTrace("probability of token %d at the last position".formatted(targetToken), targetToken,
				subjectFrom, subjectTo, noiseStd, samples, ActivationPatching.labels("L", layers),
				ActivationPatching.labels("", length), clean, mean(probabilities, 0, samples), restored[0], restored[1],
				restored[2]);
	}

	/** The population standard deviation of all entries of W_E. */
	private double embeddingStd() {
		try (ForwardContext scope = this.model.newContext(Hooks.none())) {
			NDArray embedding = this.model.weight("embed.W_E", scope.manager()).toType(DataType.FLOAT32, false);
			NDArray centred = embedding.sub(embedding.mean());
			return Math.sqrt(centred.mul(centred).mean().getFloat());
		}
	}

	/** Per draw, noise for the subject's [positions * d_model] embedding values. */
	private static float[][] noise(int samples, int values, double std, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		float[][] noise = new float[samples][values];
		for (float[] draw : noise) {
			for (int i = 0; i < values; i++) {
				draw[i] = (float) (std * random.nextGaussian());
			}
		}
		return noise;
	}

	/**
	 * hook_embed [batch, pos, d_model] plus, on each row, its draw's noise at the subject
	 * positions (and zero elsewhere, which leaves those values bit for bit). Row r of the
	 * pass runs site {@code firstSite + r}, whose draw is that index modulo the number of
	 * draws.
	 */
	private static NDArray addNoise(NDArray embed, float[][] noise, int firstSite, int subjectFrom) {
		long[] shape = embed.getShape().getShape();
		int batch = (int) shape[0];
		int rowValues = (int) (shape[1] * shape[2]);
		int offset = subjectFrom * (int) shape[2];
		float[] added = new float[batch * rowValues];
		for (int row = 0; row < batch; row++) {
			float[] draw = noise[(firstSite + row) % noise.length];
			System.arraycopy(draw, 0, added, row * rowValues + offset, draw.length);
		}
		NDArray addend = embed.getManager().create(added, new Shape(shape)).toType(embed.getDataType(), false);
		return embed.add(addend);
	}

	/** Per row, the probability of {@code token} at the last position. */
	private static double[] probabilities(NDArray logits, long token) {
		NDArray last = logits.get(new NDIndex(":, -1, :")).toType(DataType.FLOAT32, false);
		float[] probabilities = last.softmax(-1).get(new NDIndex(":, {}", token)).toFloatArray();
		double[] wide = new double[probabilities.length];
		for (int row = 0; row < wide.length; row++) {
			wide[row] = probabilities[row];
		}
		return wide;
	}

	private static double mean(double[] values, int from, int count) {
		return Arrays.stream(values, from, from + count).average().orElseThrow();
	}

}
