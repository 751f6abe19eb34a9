import { float16Table } from '../common/float16';

/**
 * A reader of safetensors files, as the run endpoint writes them (`?format=safetensors`, see the server's
 * SafetensorsBody): an 8-byte little-endian header length, a JSON header (`__metadata__` of strings, then per tensor
 * its `dtype`, `shape` and `data_offsets` [begin, end) into the data), then the little-endian data.
 */

/** One tensor of the file, widened to float32 (F16 values widen exactly). */
export interface SafeTensor {
  dtype: 'F32' | 'F16';
  shape: number[];
  /** Row-major values, `shape.reduce(*)` of them. */
  values: Float32Array;
}

export interface SafetensorsFile {
  metadata: Record<string, string>;
  tensors: Record<string, SafeTensor>;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

const ELEMENT_BYTES: Record<SafeTensor['dtype'], number> = { F32: 4, F16: 2 };

/** Parses a safetensors file of F32 and F16 tensors; throws when the header or an offset does not fit the bytes. */
export function parseSafetensors(buffer: ArrayBuffer): SafetensorsFile {
  const view = new DataView(buffer);
  if (buffer.byteLength < 8) throw new Error(`A safetensors file of ${buffer.byteLength} bytes has no header`);
  const headerLength = Number(view.getBigUint64(0, true));
  const dataStart = 8 + headerLength;
  if (dataStart > buffer.byteLength) {
    throw new Error(`The safetensors header claims ${headerLength} bytes; the file has ${buffer.byteLength}`);
  }
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, headerLength))) as Record<
    string,
    unknown
  >;
  const { __metadata__: metadata = {}, ...entries } = header;
  const tensors: Record<string, SafeTensor> = {};
  for (const [name, entry] of Object.entries(entries as Record<string, HeaderEntry>)) {
    tensors[name] = readTensor(view, dataStart, name, entry);
  }
  return { metadata: metadata as Record<string, string>, tensors };
}

function readTensor(view: DataView, dataStart: number, name: string, entry: HeaderEntry): SafeTensor {
  const { dtype, shape, data_offsets: offsets } = entry;
  if (dtype !== 'F32' && dtype !== 'F16') throw new Error(`${name}: unsupported dtype ${dtype}`);
  const elementBytes = ELEMENT_BYTES[dtype];
  const count = shape.reduce((product, size) => product * size, 1);
  const [begin, end] = offsets.map((offset) => dataStart + offset);
  if (end - begin !== count * elementBytes || end > view.byteLength) {
    throw new Error(`${name}: bytes [${offsets}] do not hold shape [${shape}] of ${dtype} in the file`);
  }
  const values = new Float32Array(count);
  if (dtype === 'F16') {
    const half = float16Table();
    for (let i = 0; i < count; i++) values[i] = half[view.getUint16(begin + 2 * i, true)];
  } else {
    for (let i = 0; i < count; i++) values[i] = view.getFloat32(begin + 4 * i, true);
  }
  return { dtype, shape, values };
}
