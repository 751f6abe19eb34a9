package dev.arrakis.tools.knowledge;

/**
 * Multinomial logistic regression (softmax; two classes is the binary case) on
 * standardised features: minimises the mean cross-entropy over the training rows plus
 * {@code l2 / 2 * ||W||^2} (the bias is not penalised) with full-batch Nesterov
 * accelerated gradient descent. The step is 1 / L with L = lambda_max(X^T X / n) / 2 +
 * l2, a bound on the objective's curvature (X with a column of ones for the bias;
 * lambda_max by power iteration), so training is deterministic and needs no tuning.
 */
final class SoftmaxRegression {

	private static final int POWER_ITERATIONS = 100;

	private final double[] mean;

	private final double[] scale;

	private final double[][] weights;

	private final double[] bias;

	private SoftmaxRegression(double[] mean, double[] scale, double[][] weights, double[] bias) {
		this.mean = mean;
		this.scale = scale;
		this.weights = weights;
		this.bias = bias;
	}

	/**
	 * Trains on {@code rows} of {@code features} (one row per sample) with class indices
	 * {@code classOf} in [0, classCount).
	 */
	static SoftmaxRegression train(double[][] features, int[] classOf, int[] rows, int classCount, double l2,
			int epochs) {
		int width = features[0].length;
		double[] mean = new double[width];
		double[] scale = new double[width];
		for (int row : rows) {
			for (int d = 0; d < width; d++) {
				mean[d] += features[row][d] / rows.length;
			}
		}
		for (int row : rows) {
			for (int d = 0; d < width; d++) {
				double centred = features[row][d] - mean[d];
				scale[d] += centred * centred / rows.length;
			}
		}
		for (int d = 0; d < width; d++) {
			// A feature constant over the training rows carries no information; it stays
			// centred but unscaled.
			scale[d] = scale[d] > 0 ? Math.sqrt(scale[d]) : 1;
		}
		double[][] x = new double[rows.length][];
		int[] y = new int[rows.length];
		for (int i = 0; i < rows.length; i++) {
			x[i] = standardise(features[rows[i]], mean, scale);
			y[i] = classOf[rows[i]];
		}
		double step = 1 / (largestEigenvalue(x) / 2 + l2);
		double[][] w = new double[classCount][width];
		double[] b = new double[classCount];
		double[][] previousW = new double[classCount][width];
		double[] previousB = new double[classCount];
		double[][] lookW = new double[classCount][width];
		double[] lookB = new double[classCount];
		for (int epoch = 1; epoch <= epochs; epoch++) {
			double[][] gradW = new double[classCount][width];
			double[] gradB = new double[classCount];
			gradient(x, y, lookW, lookB, l2, gradW, gradB);
			double momentum = (epoch - 1.0) / (epoch + 2.0);
			for (int c = 0; c < classCount; c++) {
				for (int d = 0; d < width; d++) {
					previousW[c][d] = w[c][d];
					w[c][d] = lookW[c][d] - step * gradW[c][d];
					lookW[c][d] = w[c][d] + momentum * (w[c][d] - previousW[c][d]);
				}
				previousB[c] = b[c];
				b[c] = lookB[c] - step * gradB[c];
				lookB[c] = b[c] + momentum * (b[c] - previousB[c]);
			}
		}
		return new SoftmaxRegression(mean, scale, w, b);
	}

	/** Log-probabilities of every class for one sample's raw features. */
	double[] logProbabilities(double[] features) {
		return logSoftmax(logits(standardise(features, this.mean, this.scale), this.weights, this.bias));
	}

	int predict(double[] features) {
		double[] logProbabilities = logProbabilities(features);
		int best = 0;
		for (int c = 1; c < logProbabilities.length; c++) {
			if (logProbabilities[c] > logProbabilities[best]) {
				best = c;
			}
		}
		return best;
	}

	/** [class][feature], on standardised features. */
	double[][] weights() {
		return this.weights;
	}

	double[] bias() {
		return this.bias;
	}

	/** The training rows' mean, subtracted before scaling. */
	double[] mean() {
		return this.mean;
	}

	/** The training rows' standard deviation (1 for constant features). */
	double[] scale() {
		return this.scale;
	}

	/**
	 * The gradient of the objective at (w, b), for standardised rows {@code x}: (P - Y)^T
	 * X / n + l2 W and mean(P - Y).
	 */
	static void gradient(double[][] x, int[] y, double[][] w, double[] b, double l2, double[][] gradW, double[] gradB) {
		int classes = b.length;
		for (int i = 0; i < x.length; i++) {
			double[] probabilities = logSoftmax(logits(x[i], w, b));
			for (int c = 0; c < classes; c++) {
				double residual = (Math.exp(probabilities[c]) - (y[i] == c ? 1 : 0)) / x.length;
				gradB[c] += residual;
				double[] row = gradW[c];
				for (int d = 0; d < row.length; d++) {
					row[d] += residual * x[i][d];
				}
			}
		}
		for (int c = 0; c < classes; c++) {
			for (int d = 0; d < gradW[c].length; d++) {
				gradW[c][d] += l2 * w[c][d];
			}
		}
	}

	static double[] standardise(double[] features, double[] mean, double[] scale) {
		double[] standardised = new double[features.length];
		for (int d = 0; d < features.length; d++) {
			standardised[d] = (features[d] - mean[d]) / scale[d];
		}
		return standardised;
	}

	private static double[] logits(double[] x, double[][] w, double[] b) {
		double[] logits = new double[b.length];
		for (int c = 0; c < b.length; c++) {
			double sum = b[c];
			for (int d = 0; d < x.length; d++) {
				sum += w[c][d] * x[d];
			}
			logits[c] = sum;
		}
		return logits;
	}

	private static double[] logSoftmax(double[] logits) {
		double max = Double.NEGATIVE_INFINITY;
		for (double logit : logits) {
			max = Math.max(max, logit);
		}
		double sum = 0;
		for (double logit : logits) {
			sum += Math.exp(logit - max);
		}
		double logSum = max + Math.log(sum);
		double[] result = new double[logits.length];
		for (int c = 0; c < logits.length; c++) {
			result[c] = logits[c] - logSum;
		}
		return result;
	}

	/**
	 * lambda_max of [X 1]^T [X 1] / n by power iteration (a lower bound that converges
	 * from below; the step 1 / L stays well inside the stable range 2 / L).
	 */
	private static double largestEigenvalue(double[][] x) {
		int width = x[0].length + 1;
		double[] vector = new double[width];
		java.util.Arrays.fill(vector, 1 / Math.sqrt(width));
		double eigenvalue = 0;
		for (int iteration = 0; iteration < POWER_ITERATIONS; iteration++) {
			double[] next = new double[width];
			for (double[] row : x) {
				double projection = vector[width - 1];
				for (int d = 0; d < row.length; d++) {
					projection += row[d] * vector[d];
				}
				for (int d = 0; d < row.length; d++) {
					next[d] += projection * row[d] / x.length;
				}
				next[width - 1] += projection / x.length;
			}
			double norm = 0;
			for (double value : next) {
				norm += value * value;
			}
			norm = Math.sqrt(norm);
			if (norm == 0) {
				return 0;
			}
			eigenvalue = norm;
			for (int d = 0; d < width; d++) {
				vector[d] = next[d] / norm;
			}
		}
		return eigenvalue;
	}

}
