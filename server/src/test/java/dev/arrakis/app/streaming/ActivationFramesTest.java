package dev.arrakis.app.streaming;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The frame layout, and that its tensor bytes are little-endian whatever the source. */
class ActivationFramesTest {

	private static final byte[] HEADER = "{\"name\":\"logits\"}".getBytes(StandardCharsets.UTF_8);

	@Test
	void framesAnEnginesFloat32TensorLittleEndian() {
		float[] values = { 1.5f, -2.25f, Float.MIN_VALUE, 3.0e7f, -0.0f, 0.1f };
		try (NDManager manager = NDManager.newBaseManager("PyTorch");
				NDArray array = manager.create(values, new Shape(2, 3))) {
			ByteBuffer frame = ActivationFrames.encode(HEADER, array.toByteBuffer(), 4);

			assertThat(readHeader(frame)).isEqualTo(new String(HEADER, StandardCharsets.UTF_8));
			float[] read = new float[values.length];
			frame.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(read);
			assertThat(read).containsExactly(values);
		}
	}

	@Test
	void framesAnEnginesFloat16TensorLittleEndian() {
		float[] values = { 1.5f, -2.25f, 65504f, 0.099975586f };
		try (NDManager manager = NDManager.newBaseManager("PyTorch");
				NDArray array = manager.create(values).toType(DataType.FLOAT16, false)) {
			ByteBuffer frame = ActivationFrames.encode(HEADER, array.toByteBuffer(), 2);

			readHeader(frame);
			assertThat(frame.remaining()).isEqualTo(2 * values.length);
			ByteBuffer halves = frame.order(ByteOrder.LITTLE_ENDIAN);
			for (float value : values) {
				assertThat(StreamClient.halfToFloat(halves.getShort())).isEqualTo(value);
			}
		}
	}

	@Test
	void swapsABigEndianSourceElementByElement() {
		ByteBuffer bigEndian = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putFloat(1.5f).putFloat(-7f).flip();
		ByteBuffer frame = ActivationFrames.encode(HEADER, bigEndian, 4);
		readHeader(frame);
		frame.order(ByteOrder.LITTLE_ENDIAN);
		assertThat(frame.getFloat()).isEqualTo(1.5f);
		assertThat(frame.getFloat()).isEqualTo(-7f);

		ByteBuffer shorts = ByteBuffer.allocate(4)
			.order(ByteOrder.BIG_ENDIAN)
			.putShort((short) 0x1234)
			.putShort((short) -2)
			.flip();
		ByteBuffer halfFrame = ActivationFrames.encode(HEADER, shorts, 2);
		readHeader(halfFrame);
		halfFrame.order(ByteOrder.LITTLE_ENDIAN);
		assertThat(halfFrame.getShort()).isEqualTo((short) 0x1234);
		assertThat(halfFrame.getShort()).isEqualTo((short) -2);
	}

	/** Reads the length prefix and header, leaving the buffer at the tensor. */
	private static String readHeader(ByteBuffer frame) {
		frame.order(ByteOrder.LITTLE_ENDIAN);
		int length = frame.getInt();
		byte[] header = new byte[length];
		frame.get(header);
		return new String(header, StandardCharsets.UTF_8);
	}

}
