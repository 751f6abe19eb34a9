package dev.arrakis.engine.arch;

import java.util.Collections;
import java.util.List;

import dev.arrakis.engine.HookedAutoConfig;
import dev.arrakis.engine.config.Activation;
import dev.arrakis.engine.config.AttentionType;
import dev.arrakis.engine.config.MlpKind;
import dev.arrakis.engine.config.Norm;
import dev.arrakis.engine.config.Positional;
import dev.arrakis.engine.config.Residual;

/**
 * Collects a family's reading of its config; {@link #build()} validates through
 * {@link HookedAutoConfig}.
 */
final class ConfigBuilder {

	String architecture;

	int nLayers;

	int dModel;

	int nHeads;

	int nKeyValueHeads;

	int dHead;

	int dMlp;

	int dVocab;

	int nCtx;

	Norm norm = Norm.LAYER_NORM;

	double eps = 1e-5;

	Positional positional = new Positional.Learned();

	Activation activation = Activation.GELU_TANH;

	MlpKind mlp = MlpKind.PLAIN;

	Residual residual = Residual.SEQUENTIAL;

	List<AttentionType> attentionTypes;

	double attentionScale = Double.NaN;

	boolean tiedEmbeddings;

	HookedAutoConfig.SpecialTokens specialTokens;

	ConfigBuilder(String architecture) {
		this.architecture = architecture;
	}

	ConfigBuilder allLayers(AttentionType type) {
		this.attentionTypes = Collections.nCopies(this.nLayers, type);
		return this;
	}

	HookedAutoConfig build() {
		if (this.attentionTypes == null) {
			allLayers(AttentionType.GLOBAL);
		}
		double scale = Double.isNaN(this.attentionScale) ? 1.0 / Math.sqrt(this.dHead) : this.attentionScale;
		return new HookedAutoConfig(this.architecture, this.nLayers, this.dModel, this.nHeads, this.nKeyValueHeads,
				this.dHead, this.dMlp, this.dVocab, this.nCtx, this.norm, this.eps, this.positional, this.activation,
				this.mlp, this.residual, this.attentionTypes, scale, this.tiedEmbeddings, this.specialTokens);
	}

}
