package dev.arrakis.tools.composition;

import java.util.SplittableRandom;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Every factored computation equals the same computation on the materialised product,
 * within 1e-9 relative to the product's scale.
 */
class FactoredMatrixTest {

	private static final double RELATIVE = 1e-9;

	@ParameterizedTest
	@CsvSource({ "7, 3, 5", "6, 6, 6", "4, 9, 5", "30, 4, 30", "12, 12, 8" })
	void normAndSingularValuesEqualThoseOfTheProduct(int m, int r, int n) {
		FactoredMatrix factored = random(m, r, n, 11 * m + r);
		RealMatrix product = factored.product();
		assertThat(factored.rows()).isEqualTo(m);
		assertThat(factored.columns()).isEqualTo(n);
		assertThat(factored.innerDimension()).isEqualTo(r);
		double scale = product.getFrobeniusNorm();
		assertThat(factored.frobeniusNorm()).isCloseTo(scale, within(RELATIVE * scale));
		double[] expected = new SingularValueDecomposition(product).getSingularValues();
		double[] actual = factored.singularValues();
		assertThat(actual).hasSize(Math.min(Math.min(m, n), r));
		for (int i = 0; i < actual.length; i++) {
			assertThat(actual[i]).as("sigma_%d", i).isCloseTo(expected[i], within(RELATIVE * scale));
			if (i > 0) {
				assertThat(actual[i]).isLessThanOrEqualTo(actual[i - 1]);
			}
		}
	}

	@ParameterizedTest
	@CsvSource({ "8, 3", "6, 6", "5, 9", "16, 6" })
	void eigenvaluesAreTheNonZeroEigenvaluesOfTheProduct(int m, int r) {
		FactoredMatrix factored = random(m, r, m, 7 * m + r);
		RealMatrix product = factored.product();
		EigenDecomposition reference = new EigenDecomposition(product);
		double[] referenceReal = reference.getRealEigenvalues();
		double[] referenceImaginary = reference.getImagEigenvalues();
		FactoredMatrix.Eigenvalues eigenvalues = factored.eigenvalues();
		int count = Math.min(m, r);
		assertThat(eigenvalues.real()).hasSize(count);
		assertThat(eigenvalues.imaginary()).hasSize(count);
		double scale = product.getFrobeniusNorm();
		double[] moduli = eigenvalues.moduli();
		boolean[] used = new boolean[referenceReal.length];
		for (int i = 0; i < count; i++) {
			if (i > 0) {
				assertThat(moduli[i]).isLessThanOrEqualTo(moduli[i - 1]);
			}
			int nearest = -1;
			double distance = Double.POSITIVE_INFINITY;
			for (int j = 0; j < referenceReal.length; j++) {
				double d = Math.hypot(referenceReal[j] - eigenvalues.real()[i],
						referenceImaginary[j] - eigenvalues.imaginary()[i]);
				if (!used[j] && d < distance) {
					nearest = j;
					distance = d;
				}
			}
			used[nearest] = true;
			assertThat(distance).as("lambda_%d = %s + %si", i, eigenvalues.real()[i], eigenvalues.imaginary()[i])
				.isLessThan(RELATIVE * scale);
		}
		// What is left of the product's spectrum is zero (rank r < m).
		for (int j = 0; j < referenceReal.length; j++) {
			if (!used[j]) {
				assertThat(Math.hypot(referenceReal[j], referenceImaginary[j])).isLessThan(RELATIVE * scale);
			}
		}
		double trace = product.getTrace();
		double sum = 0;
		for (double real : eigenvalues.real()) {
			sum += real;
		}
		assertThat(sum).as("sum of eigenvalues = trace").isCloseTo(trace, within(RELATIVE * scale));
	}

	@Test
	void transposeAndTimesStayFactoredAndMatchTheProducts() {
		FactoredMatrix first = random(10, 3, 8, 1);
		FactoredMatrix second = random(8, 5, 6, 2);
		FactoredMatrix third = random(6, 2, 10, 3);
		assertEqual(first.transpose().product(), first.product().transpose());
		FactoredMatrix firstSecond = first.times(second);
		assertThat(firstSecond.innerDimension()).isEqualTo(3);
		assertEqual(firstSecond.product(), first.product().multiply(second.product()));
		FactoredMatrix secondThird = second.times(third);
		assertThat(secondThird.innerDimension()).isEqualTo(2);
		assertEqual(secondThird.product(), second.product().multiply(third.product()));
		assertEqual(first.times(second).times(third).product(),
				first.product().multiply(second.product()).multiply(third.product()));
	}

	@Test
	void compositionScoresAreSymmetricInTheirConventionsAndBounded() {
		FactoredMatrix writer = random(12, 3, 12, 4);
		FactoredMatrix reader = random(12, 3, 12, 5);
		double norms = writer.frobeniusNorm() * reader.frobeniusNorm();
		double q = writer.product().multiply(reader.product()).getFrobeniusNorm() / norms;
		double k = writer.product().multiply(reader.product().transpose()).getFrobeniusNorm() / norms;
		assertThat(CompositionKind.Q.score(writer, reader)).isCloseTo(q, within(1e-12)).isBetween(0.0, 1.0);
		assertThat(CompositionKind.K.score(writer, reader)).isCloseTo(k, within(1e-12)).isBetween(0.0, 1.0);
		assertThat(CompositionKind.V.score(writer, reader)).isCloseTo(q, within(1e-12));
		// Composing a rank-1 matrix with itself transposed: ||u v^T v u^T|| = |v|^2
		// |u|^2.
		FactoredMatrix rankOne = random(5, 1, 5, 6);
		assertThat(CompositionKind.K.score(rankOne, rankOne)).isCloseTo(1.0, within(1e-12));
	}

	@Test
	void badShapesAreRejected() {
		assertThatThrownBy(() -> FactoredMatrix.of(new double[3][2], new double[3][4]))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("inner dimensions differ");
		assertThatThrownBy(() -> random(3, 2, 4, 1).eigenvalues()).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("3 x 4");
		assertThatThrownBy(() -> random(3, 2, 4, 1).times(random(3, 2, 4, 1)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("cannot multiply 3 x 4 by 3 x 4");
	}

	static FactoredMatrix random(int m, int r, int n, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		return FactoredMatrix.of(gaussian(m, r, random), gaussian(r, n, random));
	}

	private static double[][] gaussian(int rows, int columns, SplittableRandom random) {
		double[][] values = new double[rows][columns];
		for (int i = 0; i < rows; i++) {
			for (int j = 0; j < columns; j++) {
				values[i][j] = random.nextGaussian();
			}
		}
		return values;
	}

	private static void assertEqual(RealMatrix actual, RealMatrix expected) {
		assertThat(actual.getRowDimension()).isEqualTo(expected.getRowDimension());
		assertThat(actual.getColumnDimension()).isEqualTo(expected.getColumnDimension());
		double scale = expected.getFrobeniusNorm();
		assertThat(actual.subtract(expected).getFrobeniusNorm()).isLessThan(RELATIVE * scale);
		assertThat(new Array2DRowRealMatrix(actual.getData())).isNotNull();
	}

}
