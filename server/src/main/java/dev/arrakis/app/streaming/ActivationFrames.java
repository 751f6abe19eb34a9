package dev.arrakis.app.streaming;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The binary frame of one activation:
 * {@code [header length: int32 little-endian][header: UTF-8 JSON][tensor: row-major, little-endian]}.
 * The tensor bytes come from the engine in whatever order the buffer declares (DJL uses
 * the native order) and always leave little-endian, so clients on any platform read them
 * the same way (numpy {@code '<f4'}/{@code '<f2'}).
 */
final class ActivationFrames {

	private ActivationFrames() {
	}

	/**
	 * @param header the UTF-8 JSON header
	 * @param tensor the tensor's bytes, from its position to its limit, in
	 * {@code tensor.order()}
	 * @param elementBytes 4 for float32, 2 for float16
	 * @return the frame, ready to read (position 0)
	 */
	static ByteBuffer encode(byte[] header, ByteBuffer tensor, int elementBytes) {
		if (tensor.remaining() % elementBytes != 0) {
			throw new IllegalArgumentException(
					"%d tensor bytes are not whole %d-byte elements".formatted(tensor.remaining(), elementBytes));
		}
		ByteBuffer frame = ByteBuffer.allocate(4 + header.length + tensor.remaining()).order(ByteOrder.LITTLE_ENDIAN);
		frame.putInt(header.length).put(header);
		ByteBuffer source = tensor.duplicate().order(tensor.order());
		if (source.order() == ByteOrder.LITTLE_ENDIAN) {
			frame.put(source);
		}
		else if (elementBytes == 4) {
			while (source.hasRemaining()) {
				frame.putInt(source.getInt());
			}
		}
		else if (elementBytes == 2) {
			while (source.hasRemaining()) {
				frame.putShort(source.getShort());
			}
		}
		else {
			throw new IllegalArgumentException("elements of " + elementBytes + " bytes are not streamed");
		}
		return frame.flip();
	}

}
