package dev.arrakis.bench.profile;

import java.io.IOException;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.config.MlpKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The FLOP closed form against hand counts written from config numbers, against the
 * model's own weight shapes, and under scaling of the sequence length.
 */
class FlopEstimateTest {

	@Test
	void aGatedGqaModelMatchesTheHandCount() throws IOException, URISyntaxException {
		try (HookedAutoModel model = ProfileModels.reference("llama")) {
			HookedAutoConfig config = model.config();
			// d_model 64, 4 query heads and 2 key/value heads of width 16, d_mlp 128,
			// vocab 256, gated MLP; 10 positions.
			assertThat(List.of(config.dModel(), config.nHeads(), config.nKeyValueHeads(), config.dHead(), config.dMlp(),
					config.dVocab(), config.nLayers()))
				.containsExactly(64, 4, 2, 16, 128, 256, 2);
			assertThat(config.mlp()).isEqualTo(MlpKind.GATED);

			Map<String, ComponentFlops> flops = byName(FlopEstimate.of(config, 10, Granularity.COMPONENT));

			long wQ = 2L * 10 * 64 * (4 * 16);
			long wK = 2L * 10 * 64 * (2 * 16);
			long wV = 2L * 10 * 64 * (2 * 16);
			long wO = 2L * 10 * (4 * 16) * 64;
			long scores = 2L * 4 * 10 * 10 * 16;
			long mixing = 2L * 4 * 10 * 10 * 16;
			long mlp = 3 * (2L * 10 * 64 * 128);
			long unembed = 2L * 10 * 64 * 256;
			for (int layer = 0; layer < 2; layer++) {
				ComponentFlops attn = flops.get("blocks." + layer + ".attn");
				assertThat(attn.linearFlops()).isEqualTo(wQ + wK + wV + wO).isEqualTo(245_760);
				assertThat(attn.quadraticFlops()).isEqualTo(scores + mixing).isEqualTo(25_600);
				assertThat(attn.flops()).isEqualTo(271_360);
				assertThat(flops.get("blocks." + layer + ".mlp").flops()).isEqualTo(mlp).isEqualTo(491_520);
				for (String free : List.of("resid", "ln1", "ln2")) {
					assertThat(flops.get("blocks." + layer + "." + free).flops()).isZero();
				}
			}
			assertThat(flops.get("unembed").flops()).isEqualTo(unembed).isEqualTo(327_680);
			assertThat(flops.get("embed").flops()).isZero();
			assertThat(flops.get("ln_final").flops()).isZero();
			assertThat(FlopEstimate.of(config, 10, Granularity.COMPONENT).totalFlops())
				.isEqualTo(2 * (271_360 + 491_520) + 327_680);
		}
	}

	@Test
	void aPlainMlpCountsTwoMatrices() throws IOException, URISyntaxException {
		try (HookedAutoModel gpt2 = ProfileModels.reference("gpt2");
				HookedAutoModel llama = ProfileModels.reference("llama")) {
			assertThat(gpt2.config().mlp()).isNotEqualTo(MlpKind.GATED);
			assertThat(gpt2.config().dModel()).isEqualTo(64);
			assertThat(gpt2.config().dMlp()).isEqualTo(128);
			assertThat(llama.config().dModel()).isEqualTo(64);
			assertThat(llama.config().dMlp()).isEqualTo(128);

			long plain = byName(FlopEstimate.of(gpt2.config(), 10, Granularity.COMPONENT)).get("blocks.0.mlp").flops();
			long gated = byName(FlopEstimate.of(llama.config(), 10, Granularity.COMPONENT)).get("blocks.0.mlp").flops();

			assertThat(plain).isEqualTo(2 * (2L * 10 * 64 * 128));
			assertThat(gated).isEqualTo(3 * (2L * 10 * 64 * 128));
		}
	}

	/**
	 * Independent of the closed form's own terms: per position, every weight matrix costs
	 * 2 FLOPs per entry, so the linear FLOPs over n positions are 2n times the entries of
	 * W_Q, W_K, W_V, W_O, the MLP's matrices and W_U, read from the model.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "gpt2", "gpt_neo", "gpt_neox", "llama", "gemma", "phi3", "qwen2", "mistral", "stablelm" })
	void linearFlopsAreTwiceTheWeightEntriesPerPosition(String architecture) throws IOException, URISyntaxException {
		try (HookedAutoModel model = ProfileModels.reference(architecture);
				NDManager manager = NDManager.newBaseManager()) {
			HookedAutoConfig config = model.config();
			long entries = 0;
			for (String name : model.weightNames()) {
				String leaf = name.substring(name.lastIndexOf('.') + 1);
				boolean matrix = List.of("W_Q", "W_K", "W_V", "W_O", "W_in", "W_gate", "W_out", "W_U").contains(leaf);
				if (matrix) {
					entries += model.weight(name, manager).getShape().size();
				}
			}
			int positions = 7;

			FlopEstimate estimate = FlopEstimate.of(config, positions, Granularity.LAYER);

			long linear = estimate.components().stream().mapToLong(ComponentFlops::linearFlops).sum();
			long quadratic = estimate.components().stream().mapToLong(ComponentFlops::quadraticFlops).sum();
			assertThat(linear).isEqualTo(2L * positions * entries);
			assertThat(quadratic)
				.isEqualTo(config.nLayers() * 2 * (2L * config.nHeads() * positions * positions * config.dHead()));
		}
	}

	@Test
	void doublingTheTokensDoublesTheLinearPartsAndQuadruplesTheRest() throws IOException, URISyntaxException {
		try (HookedAutoModel model = ProfileModels.reference("mistral")) {
			for (Granularity granularity : Granularity.values()) {
				List<ComponentFlops> once = FlopEstimate.of(model.config(), 9, granularity).components();
				List<ComponentFlops> twice = FlopEstimate.of(model.config(), 18, granularity).components();

				assertThat(twice).hasSameSizeAs(once);
				for (int i = 0; i < once.size(); i++) {
					assertThat(twice.get(i).name()).isEqualTo(once.get(i).name());
					assertThat(twice.get(i).linearFlops()).isEqualTo(2 * once.get(i).linearFlops());
					assertThat(twice.get(i).quadraticFlops()).isEqualTo(4 * once.get(i).quadraticFlops());
					assertThat(twice.get(i).flops())
						.isEqualTo(twice.get(i).linearFlops() + twice.get(i).quadraticFlops());
				}
				assertThat(once.stream().mapToLong(ComponentFlops::quadraticFlops).sum()).isPositive();
			}
		}
	}

	@Test
	void componentsFollowTheGranularity() throws IOException, URISyntaxException {
		try (HookedAutoModel model = ProfileModels.reference("gpt2")) {
			for (Granularity granularity : Granularity.values()) {
				FlopEstimate estimate = FlopEstimate.of(model.config(), 5, granularity);

				assertThat(estimate.components().stream().map(ComponentFlops::name).toList())
					.containsExactlyElementsOf(granularity.components(model.config()));
				assertThat(estimate.totalFlops())
					.isEqualTo(estimate.components().stream().mapToLong(ComponentFlops::flops).sum());
				assertThat(estimate.countingRule()).contains("full pos x pos");
			}
			assertThatThrownBy(() -> FlopEstimate.of(model.config(), 0, Granularity.LAYER))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("positions = 0");
		}
	}

	private static Map<String, ComponentFlops> byName(FlopEstimate estimate) {
		return estimate.components().stream().collect(Collectors.toMap(ComponentFlops::name, c -> c));
	}

}
