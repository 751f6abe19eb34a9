package dev.arrakis.app.run;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The half-precision conversion agrees with PyTorch's, bit for bit. */
class Float16ConversionTest {

	@Test
	void roundsAsPyTorchDoes() {
		Random random = new Random(7);
		float[] values = new float[20_000];
		for (int i = 0; i < values.length; i++) {
			values[i] = switch (i % 4) {
				case 0 -> (float) random.nextGaussian();
				case 1 -> (float) (random.nextGaussian() * 1e5);
				case 2 -> (float) (random.nextGaussian() * 1e-6);
				default -> Float.intBitsToFloat(random.nextInt());
			};
		}
		values[0] = 65520f;
		values[1] = 65519f;
		values[2] = -0f;
		values[3] = Float.NEGATIVE_INFINITY;
		values[4] = 0x1p-25f;
		values[5] = 0x1.8p-25f;
		try (NDManager manager = NDManager.newBaseManager()) {
			NDArray half = manager.create(values).toType(DataType.FLOAT16, false);
			ByteBuffer expected = half.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
			float[] widened = half.toType(DataType.FLOAT32, false).toFloatArray();
			for (int i = 0; i < values.length; i++) {
				short bits = expected.getShort();
				if (Float.isNaN(values[i])) {
					assertThat(Float.isNaN(Float16.toFloat(Float16.fromFloat(values[i])))).isTrue();
					continue;
				}
				assertThat(Float16.fromFloat(values[i])).as("%s (%d)", values[i], i).isEqualTo(bits);
				assertThat(Float16.toFloat(bits)).as("%s (%d)", values[i], i).isEqualTo(widened[i]);
			}
		}
	}

}
