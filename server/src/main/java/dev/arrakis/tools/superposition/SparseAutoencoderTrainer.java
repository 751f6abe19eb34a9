package dev.arrakis.tools.superposition;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import dev.arrakis.engine.ForwardWatch;

/**
 * Trains a standard ReLU sparse autoencoder (Bricken et al. 2023; Cunningham et al. 2023)
 * with explicit gradients and Adam, in float32 NDArray math on the model's device.
 *
 * <p>
 * Per mini-batch of B positions: f = ReLU((x - b_dec) W_enc + b_enc), x_hat = f W_dec +
 * b_dec, loss = (1/B) sum_b |x_b - x_hat_b|^2 + lambda (1/B) sum_b |f_b|_1. With e =
 * x_hat - x and g = dloss/dpre = ((2/B) e W_dec^T + lambda/B) * [pre > 0]: dW_dec = f^T
 * (2/B) e, dW_enc = (x - b_dec)^T g, db_enc = sum_b g, db_dec = sum_b (2/B) e - W_enc
 * sum_b g. After every step the decoder rows are renormalised to unit L2 norm (so the L1
 * penalty cannot be dodged by shrinking f and growing W_dec).
 *
 * <p>
 * Initialisation (seeded): decoder rows are random unit vectors, W_enc = W_dec^T min(1,
 * d/m) (so that x_hat does not start out m/d times too large), b_enc = 0, b_dec = the
 * data mean.
 *
 * <p>
 * After every epoch it reports the curves so far as a {@link SparseAutoencoderProgress}
 * ({@link ForwardWatch#reportPartial}).
 */
final class SparseAutoencoderTrainer {

	static final int BATCH_SIZE = 32;

	private static final int EVALUATION_CHUNK = 4096;

	private static final float BETA1 = 0.9f;

	private static final float BETA2 = 0.999f;

	private static final float EPSILON = 1e-8f;

	private final int dictionarySize;

	private final double l1Coefficient;

	private final int epochs;

	private final double learningRate;

	private final long seed;

	SparseAutoencoderTrainer(int dictionarySize, double l1Coefficient, int epochs, double learningRate, long seed) {
		this.dictionarySize = dictionarySize;
		this.l1Coefficient = l1Coefficient;
		this.epochs = epochs;
		this.learningRate = learningRate;
		this.seed = seed;
	}

	SparseAutoencoder train(String hook, HookActivations data, NDManager manager) {
		SplittableRandom random = new SplittableRandom(this.seed);
		Weights weights = Weights.initial(data, this.dictionarySize, random, manager);
		float[] losses = new float[this.epochs];
		float[] mse = new float[this.epochs];
		float[] l0 = new float[this.epochs];
		float[] explained = new float[this.epochs];
		double totalDeviation = data.totalSquaredDeviation();
		double cells = (double) data.rows() * data.width();
		long[] activeCounts = new long[this.dictionarySize];
		int updates = 0;
		for (int epoch = 0; epoch < this.epochs; epoch++) {
			int[] order = permutation(data.rows(), random);
			double lossSum = 0;
			int batches = 0;
			for (int from = 0; from < data.rows(); from += BATCH_SIZE) {
				try (NDManager scope = manager.newSubManager()) {
					weights.lendTo(scope);
					NDArray x = data.rows(scope, order, from, Math.min(from + BATCH_SIZE, data.rows()));
					lossSum += trainingStep(weights, x, ++updates);
					batches++;
				}
			}
			Evaluation evaluation = evaluate(weights, data, manager);
			activeCounts = evaluation.activeCounts();
			losses[epoch] = (float) (lossSum / batches);
			mse[epoch] = (float) (evaluation.squaredError() / cells);
			l0[epoch] = (float) ((double) evaluation.activeTotal() / data.rows());
			explained[epoch] = totalDeviation == 0 ? 0f : (float) (1 - evaluation.squaredError() / totalDeviation);
			int done = epoch + 1;
			ForwardWatch.reportPartial(new SparseAutoencoderProgress(hook, definition(), data.width(),
					this.dictionarySize, this.epochs, data.rows(), Arrays.copyOf(losses, done),
					Arrays.copyOf(mse, done), Arrays.copyOf(l0, done), Arrays.copyOf(explained, done)));
		}
		long[] finalCounts = activeCounts;
		int[] dead = IntStream.range(0, this.dictionarySize).filter(feature -> finalCounts[feature] == 0).toArray();
		int width = data.width();
		return new SparseAutoencoder(hook, definition(), width, this.dictionarySize, this.l1Coefficient,
				this.learningRate, BATCH_SIZE, this.seed, data.rows(), losses, mse, l0, explained, dead,
				matrix(weights.encoder.value, width, this.dictionarySize), weights.encoderBias.value.toFloatArray(),
				matrix(weights.decoder.value, this.dictionarySize, width), weights.decoderBias.value.toFloatArray());
	}

	/** One Adam step on one mini-batch x [B, d]; returns the batch's loss. */
	private double trainingStep(Weights weights, NDArray x, int update) {
		float batch = x.getShape().get(0);
		NDArray centred = x.sub(weights.decoderBias.value);
		NDArray pre = centred.matMul(weights.encoder.value).add(weights.encoderBias.value);
		NDArray f = pre.maximum(0f);
		NDArray error = f.matMul(weights.decoder.value).add(weights.decoderBias.value).sub(x);
		double loss = error.square().sum().getFloat() / batch + this.l1Coefficient * f.sum().getFloat() / batch;

		NDArray outputGradient = error.mul(2f / batch);
		NDArray preGradient = outputGradient.matMul(weights.decoder.value.transpose())
			.add((float) (this.l1Coefficient / batch))
			.mul(pre.gt(0).toType(DataType.FLOAT32, false));
		NDArray encoderBiasGradient = preGradient.sum(new int[] { 0 });
		NDArray decoderGradient = f.transpose().matMul(outputGradient);
		NDArray encoderGradient = centred.transpose().matMul(preGradient);
		NDArray decoderBiasGradient = outputGradient.sum(new int[] { 0 })
			.sub(weights.encoder.value.matMul(encoderBiasGradient.reshape(-1, 1)).reshape(-1));

		weights.encoder.adamStep(encoderGradient, update, this.learningRate);
		weights.encoderBias.adamStep(encoderBiasGradient, update, this.learningRate);
		weights.decoder.adamStep(decoderGradient, update, this.learningRate);
		weights.decoderBias.adamStep(decoderBiasGradient, update, this.learningRate);
		weights.decoder.value.divi(weights.decoder.value.norm(new int[] { 1 }, true).maximum(1e-12f));
		return loss;
	}

	/** Squared error, active features per feature and in all, over the whole dataset. */
	private record Evaluation(double squaredError, long activeTotal, long[] activeCounts) {
	}

	private Evaluation evaluate(Weights weights, HookActivations data, NDManager manager) {
		double squaredError = 0;
		long[] activeCounts = new long[this.dictionarySize];
		for (int from = 0; from < data.rows(); from += EVALUATION_CHUNK) {
			try (NDManager scope = manager.newSubManager()) {
				weights.lendTo(scope);
				NDArray x = data.rows(scope, from, Math.min(from + EVALUATION_CHUNK, data.rows()));
				NDArray pre = x.sub(weights.decoderBias.value)
					.matMul(weights.encoder.value)
					.add(weights.encoderBias.value);
				NDArray error = pre.maximum(0f).matMul(weights.decoder.value).add(weights.decoderBias.value).sub(x);
				squaredError += error.toType(DataType.FLOAT64, false).square().sum().getDouble();
				long[] counts = pre.gt(0).toType(DataType.INT64, false).sum(new int[] { 0 }).toLongArray();
				for (int feature = 0; feature < counts.length; feature++) {
					activeCounts[feature] += counts[feature];
				}
			}
		}
		long activeTotal = 0;
		for (long count : activeCounts) {
			activeTotal += count;
		}
		return new Evaluation(squaredError, activeTotal, activeCounts);
	}

	String definition() {
		return ("ReLU SAE: f = ReLU((x - b_dec) W_enc + b_enc), x_hat = f W_dec + b_dec; loss = mean over the batch of "
				+ "|x - x_hat|^2 + %s * |f|_1; Adam (beta1 0.9, beta2 0.999), mini-batches of %d, decoder rows "
				+ "renormalised to unit norm after every step")
			.formatted(this.l1Coefficient, BATCH_SIZE);
	}

	/** The four parameters with their Adam moments, all owned by one manager. */
	private static final class Weights {

		final Parameter encoder;

		final Parameter encoderBias;

		final Parameter decoder;

		final Parameter decoderBias;

		private Weights(Parameter encoder, Parameter encoderBias, Parameter decoder, Parameter decoderBias) {
			this.encoder = encoder;
			this.encoderBias = encoderBias;
			this.decoder = decoder;
			this.decoderBias = decoderBias;
		}

		static Weights initial(HookActivations data, int features, SplittableRandom random, NDManager manager) {
			int width = data.width();
			float[] decoder = unitRows(random, features, width);
			float[] encoder = new float[width * features];
			float scale = (float) Math.min(1.0, (double) width / features);
			for (int feature = 0; feature < features; feature++) {
				for (int d = 0; d < width; d++) {
					encoder[d * features + feature] = decoder[feature * width + d] * scale;
				}
			}
			double[] mean = data.mean();
			float[] meanRow = new float[width];
			for (int d = 0; d < width; d++) {
				meanRow[d] = (float) mean[d];
			}
			return new Weights(new Parameter(manager.create(encoder, new Shape(width, features))),
					new Parameter(manager.zeros(new Shape(features))),
					new Parameter(manager.create(decoder, new Shape(features, width))),
					new Parameter(manager.create(meanRow, new Shape(width))));
		}

		/**
		 * Lends the parameters to {@code scope} for one step: the temporaries of
		 * operations on them then belong to the scope and are freed with it, while the
		 * parameters (updated in place) return to their manager.
		 */
		void lendTo(NDManager scope) {
			for (Parameter parameter : List.of(this.encoder, this.encoderBias, this.decoder, this.decoderBias)) {
				scope.tempAttachAll(parameter.value, parameter.firstMoment, parameter.secondMoment);
			}
		}

	}

	/** A parameter and its Adam moments, updated in place. */
	private static final class Parameter {

		final NDArray value;

		final NDArray firstMoment;

		final NDArray secondMoment;

		Parameter(NDArray value) {
			this.value = value;
			this.firstMoment = value.zerosLike();
			this.secondMoment = value.zerosLike();
		}

		void adamStep(NDArray gradient, int update, double learningRate) {
			this.firstMoment.muli(BETA1).addi(gradient.mul(1 - BETA1));
			this.secondMoment.muli(BETA2).addi(gradient.square().mul(1 - BETA2));
			float correction1 = (float) (1 - Math.pow(BETA1, update));
			float correction2 = (float) (1 - Math.pow(BETA2, update));
			NDArray step = this.firstMoment.div(correction1)
				.div(this.secondMoment.div(correction2).sqrt().add(EPSILON))
				.mul((float) learningRate);
			this.value.subi(step);
		}

	}

	private static float[] unitRows(SplittableRandom random, int rows, int width) {
		float[] values = new float[rows * width];
		for (int row = 0; row < rows; row++) {
			double squares = 0;
			for (int d = 0; d < width; d++) {
				double u = 1.0 - random.nextDouble();
				double value = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
				values[row * width + d] = (float) value;
				squares += value * value;
			}
			float norm = (float) Math.sqrt(squares);
			for (int d = 0; d < width; d++) {
				values[row * width + d] /= norm;
			}
		}
		return values;
	}

	private static int[] permutation(int size, SplittableRandom random) {
		int[] order = IntStream.range(0, size).toArray();
		for (int i = size - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = order[i];
			order[i] = order[j];
			order[j] = swap;
		}
		return order;
	}

	private static float[][] matrix(NDArray array, int rows, int columns) {
		float[] flat = array.toType(DataType.FLOAT32, false).toFloatArray();
		float[][] matrix = new float[rows][columns];
		for (int row = 0; row < rows; row++) {
			System.arraycopy(flat, row * columns, matrix[row], 0, columns);
		}
		return matrix;
	}

}
