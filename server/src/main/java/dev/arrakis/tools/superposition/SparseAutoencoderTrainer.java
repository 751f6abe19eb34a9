package dev.arrakis.tools.superposition;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

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
 * d/m), b_enc = 0, b_dec = the data mean.
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

	/** Parameters and their Adam moments, all owned by one manager. */
	private static final class Parameter {

		final NDArray value;

		final NDArray firstMoment;

		final NDArray secondMoment;

		Parameter(NDArray value) {
			this.value = value;
			this.firstMoment = value.zerosLike();
			this.secondMoment = value.zerosLike();
		}

		void adamStep(NDArray gradient, int step, double learningRate) {
			this.firstMoment.muli(BETA1).addi(gradient.mul(1 - BETA1));
			this.secondMoment.muli(BETA2).addi(gradient.square().mul(1 - BETA2));
			float correction1 = (float) (1 - Math.pow(BETA1, step));
			float correction2 = (float) (1 - Math.pow(BETA2, step));
			NDArray update = this.firstMoment.div(correction1)
				.div(this.secondMoment.div(correction2).sqrt().add(EPSILON))
				.mul((float) learningRate);
			this.value.subi(update);
		}

	}

	SparseAutoencoder train(String hook, HookActivations data, NDManager manager) {
		int width = data.width();
		int features = this.dictionarySize;
		SplittableRandom random = new SplittableRandom(this.seed);
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
		Parameter encoderWeight = new Parameter(manager.create(encoder, new Shape(width, features)));
		Parameter encoderBias = new Parameter(manager.zeros(new Shape(features)));
		Parameter decoderWeight = new Parameter(manager.create(decoder, new Shape(features, width)));
		Parameter decoderBias = new Parameter(manager.create(meanRow, new Shape(width)));
		List<Parameter> parameters = List.of(encoderWeight, encoderBias, decoderWeight, decoderBias);

		float[] losses = new float[this.epochs];
		float[] mse = new float[this.epochs];
		float[] l0 = new float[this.epochs];
		float[] explained = new float[this.epochs];
		double totalDeviation = data.totalSquaredDeviation();
		long[] activeCounts = new long[features];
		int step = 0;
		for (int epoch = 0; epoch < this.epochs; epoch++) {
			int[] order = permutation(data.rows(), random);
			double lossSum = 0;
			int batches = 0;
			for (int from = 0; from < data.rows(); from += BATCH_SIZE) {
				int to = Math.min(from + BATCH_SIZE, data.rows());
				step++;
				try (NDManager scope = manager.newSubManager()) {
					attach(scope, parameters);
					NDArray x = data.rows(scope, order, from, to);
					lossSum += step(x, encoderWeight, encoderBias, decoderWeight, decoderBias, step);
					batches++;
				}
			}
			losses[epoch] = (float) (lossSum / batches);
			double squaredError = 0;
			long active = 0;
			java.util.Arrays.fill(activeCounts, 0);
			for (int from = 0; from < data.rows(); from += EVALUATION_CHUNK) {
				int to = Math.min(from + EVALUATION_CHUNK, data.rows());
				try (NDManager scope = manager.newSubManager()) {
					attach(scope, parameters);
					NDArray x = data.rows(scope, from, to);
					NDArray pre = x.sub(decoderBias.value).matMul(encoderWeight.value).add(encoderBias.value);
					NDArray f = pre.maximum(0f);
					NDArray error = f.matMul(decoderWeight.value).add(decoderBias.value).sub(x);
					squaredError += error.toType(DataType.FLOAT64, false).square().sum().getDouble();
					long[] perFeature = pre.gt(0).toType(DataType.INT64, false).sum(new int[] { 0 }).toLongArray();
					for (int feature = 0; feature < features; feature++) {
						activeCounts[feature] += perFeature[feature];
						active += perFeature[feature];
					}
				}
			}
			mse[epoch] = (float) (squaredError / ((double) data.rows() * width));
			l0[epoch] = (float) ((double) active / data.rows());
			explained[epoch] = totalDeviation == 0 ? 0f : (float) (1 - squaredError / totalDeviation);
		}
		List<Integer> dead = new ArrayList<>();
		for (int feature = 0; feature < features; feature++) {
			if (activeCounts[feature] == 0) {
				dead.add(feature);
			}
		}
		return new SparseAutoencoder(hook, definition(), width, features, this.l1Coefficient, this.learningRate,
				BATCH_SIZE, this.seed, data.rows(), losses, mse, l0, explained,
				dead.stream().mapToInt(Integer::intValue).toArray(), matrix(encoderWeight.value, width, features),
				encoderBias.value.toFloatArray(), matrix(decoderWeight.value, features, width),
				decoderBias.value.toFloatArray());
	}

	/** One Adam step on one mini-batch; returns the batch's loss. */
	private double step(NDArray x, Parameter encoderWeight, Parameter encoderBias, Parameter decoderWeight,
			Parameter decoderBias, int step) {
		float batch = x.getShape().get(0);
		NDArray centred = x.sub(decoderBias.value);
		NDArray pre = centred.matMul(encoderWeight.value).add(encoderBias.value);
		NDArray f = pre.maximum(0f);
		NDArray error = f.matMul(decoderWeight.value).add(decoderBias.value).sub(x);
		double loss = error.square().sum().getFloat() / batch + this.l1Coefficient * f.sum().getFloat() / batch;

		NDArray outputGradient = error.mul(2f / batch);
		NDArray preGradient = outputGradient.matMul(decoderWeight.value.transpose())
			.add((float) (this.l1Coefficient / batch))
			.mul(pre.gt(0).toType(DataType.FLOAT32, false));
		NDArray encoderBiasGradient = preGradient.sum(new int[] { 0 });
		NDArray decoderWeightGradient = f.transpose().matMul(outputGradient);
		NDArray encoderWeightGradient = centred.transpose().matMul(preGradient);
		NDArray decoderBiasGradient = outputGradient.sum(new int[] { 0 })
			.sub(encoderWeight.value.matMul(encoderBiasGradient.reshape(-1, 1)).reshape(-1));

		encoderWeight.adamStep(encoderWeightGradient, step, this.learningRate);
		encoderBias.adamStep(encoderBiasGradient, step, this.learningRate);
		decoderWeight.adamStep(decoderWeightGradient, step, this.learningRate);
		decoderBias.adamStep(decoderBiasGradient, step, this.learningRate);
		NDArray norms = decoderWeight.value.norm(new int[] { 1 }, true).maximum(1e-12f);
		decoderWeight.value.divi(norms);
		return loss;
	}

	String definition() {
		return ("ReLU SAE: f = ReLU((x - b_dec) W_enc + b_enc), x_hat = f W_dec + b_dec; loss = mean over the batch of "
				+ "|x - x_hat|^2 + %s * |f|_1; Adam (beta1 0.9, beta2 0.999), mini-batches of %d, decoder rows "
				+ "renormalised to unit norm after every step")
			.formatted(this.l1Coefficient, BATCH_SIZE);
	}

	/**
	 * Lends the parameters to {@code scope} for one step: the temporaries of operations
	 * on them then belong to the scope and are freed with it, while the parameters
	 * (updated in place) return to their manager.
	 */
	private static void attach(NDManager scope, List<Parameter> parameters) {
		for (Parameter parameter : parameters) {
			scope.tempAttachAll(parameter.value, parameter.firstMoment, parameter.secondMoment);
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
		int[] order = new int[size];
		for (int i = 0; i < size; i++) {
			order[i] = i;
		}
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
