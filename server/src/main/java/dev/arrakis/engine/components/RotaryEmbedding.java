package dev.arrakis.engine.components;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import dev.arrakis.engine.ForwardContext;
import dev.arrakis.engine.config.Positional;

/**
 * Rotary position embedding in the "rotate half" layout: with c = cos(p theta_i), s =
 * sin(p theta_i) and theta_i = base^(-2i / rotary_dim), x[i] -> x[i] c - x[i + r/2] s and
 * x[i + r/2] -> x[i + r/2] c + x[i] s for i < r/2, where r = rotary_dim; dimensions past
 * r pass through (partial rotary, GPT-NeoX and StableLM). The angles are computed in
 * float32 as Hugging Face computes them.
 */
final class RotaryEmbedding {

	private final Positional.Rotary rotary;

	private final float[] inverseFrequencies;

	RotaryEmbedding(Positional.Rotary rotary) {
		this.rotary = rotary;
		int half = rotary.rotaryDim() / 2;
		this.inverseFrequencies = new float[half];
		for (int i = 0; i < half; i++) {
			float exponent = (float) (2 * i) / rotary.rotaryDim();
			this.inverseFrequencies[i] = (float) (1.0 / (float) Math.pow(rotary.base(), exponent));
		}
	}

	/**
	 * @param x [batch, pos, heads, d_head]
	 * @param positions [batch][pos] position ids of this pass
	 */
	NDArray apply(NDArray x, long[][] positions, ForwardContext ctx) {
		NDArray cos = ctx.memo(new TableKey(this.rotary, true), () -> table(positions, true, ctx));
		NDArray sin = ctx.memo(new TableKey(this.rotary, false), () -> table(positions, false, ctx));
		if (cos.getDataType() != x.getDataType()) {
			cos = cos.toType(x.getDataType(), false);
			sin = sin.toType(x.getDataType(), false);
		}
		int r = this.rotary.rotaryDim();
		long dHead = x.getShape().get(3);
		NDArray rotated = r == dHead ? x : x.get(new NDIndex("..., :{}", r));
		NDArray first = rotated.get(new NDIndex("..., :{}", r / 2));
		NDArray second = rotated.get(new NDIndex("..., {}:", r / 2));
		NDArray rotateHalf = second.neg().concat(first, -1);
		NDArray out = rotated.mul(cos).add(rotateHalf.mul(sin));
		return r == dHead ? out : out.concat(x.get(new NDIndex("..., {}:", r)), -1);
	}

	/** cos or sin of the angles, [batch, pos, 1, rotary_dim], both halves equal. */
	private NDArray table(long[][] positions, boolean cosine, ForwardContext ctx) {
		int batch = positions.length;
		int length = positions[0].length;
		int r = this.rotary.rotaryDim();
		int half = r / 2;
		float[] values = new float[batch * length * r];
		for (int b = 0; b < batch; b++) {
			for (int p = 0; p < length; p++) {
				float position = positions[b][p];
				int offset = (b * length + p) * r;
				for (int i = 0; i < half; i++) {
					float angle = position * this.inverseFrequencies[i];
					float value = (float) (cosine ? Math.cos(angle) : Math.sin(angle));
					values[offset + i] = value;
					values[offset + half + i] = value;
				}
			}
		}
		return ctx.manager().create(values, new Shape(batch, length, 1, r)).toType(DataType.FLOAT32, false);
	}

	private record TableKey(Positional.Rotary rotary, boolean cosine) {
	}

}
