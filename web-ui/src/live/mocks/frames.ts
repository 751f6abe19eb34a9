import type { FrameHeader } from '../frames';

/** Builds a binary frame as the server does: int32 LE header length, UTF-8 JSON header, then the tensor bytes. */
export function encodeFrame(header: FrameHeader, tensor: Uint8Array): ArrayBuffer {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const buffer = new ArrayBuffer(4 + json.length + tensor.length);
  new DataView(buffer).setInt32(0, json.length, true);
  new Uint8Array(buffer).set(json, 4);
  new Uint8Array(buffer).set(tensor, 4 + json.length);
  return buffer;
}

/** Little-endian bytes of float32 values, or of float16 values given as their 16-bit patterns. */
export function littleEndian(values: number[], bytesPerValue: 2 | 4): Uint8Array {
  const view = new DataView(new ArrayBuffer(values.length * bytesPerValue));
  values.forEach((value, i) => {
    if (bytesPerValue === 2) view.setUint16(2 * i, value, true);
    else view.setFloat32(4 * i, value, true);
  });
  return new Uint8Array(view.buffer);
}
