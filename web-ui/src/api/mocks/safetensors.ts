/**
 * A safetensors file as the server writes it: the 8-byte little-endian length of the JSON `header`, padded with
 * spaces to a multiple of 8, then `data` (whose layout the header's `data_offsets` must describe).
 */
export function safetensorsFile(header: object, data: Uint8Array): ArrayBuffer {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(8 + padded + data.length).fill(0x20, 8, 8 + padded);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(padded), true);
  bytes.set(json, 8);
  bytes.set(data, 8 + padded);
  return bytes.buffer;
}

/** A file of float32 tensors laid out one after the other, as the run endpoint does without `dtype: float16`. */
export function float32Safetensors(tensors: Record<string, { shape: number[]; data: ArrayLike<number> }>): ArrayBuffer {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  const all: number[] = [];
  for (const [name, { shape, data }] of Object.entries(tensors)) {
    header[name] = { dtype: 'F32', shape, data_offsets: [4 * all.length, 4 * (all.length + data.length)] };
    all.push(...Array.from(data));
  }
  return safetensorsFile(header, new Uint8Array(new Float32Array(all).buffer));
}
