import { safetensorsFile } from './mocks/safetensors';
import { parseSafetensors } from './safetensors';

/** 16 data bytes: an F32 [2] tensor (1.5, -0.25) at [0, 8), then an F16 [2, 2] one (1, -2, 0.5, 1/3) at [8, 16). */
function data(): Uint8Array {
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat32(0, 1.5, true);
  view.setFloat32(4, -0.25, true);
  [0x3c00, 0xc000, 0x3800, 0x3555].forEach((bits, i) => view.setUint16(8 + 2 * i, bits, true));
  return new Uint8Array(view.buffer);
}

const header = {
  __metadata__: { format: 'pt', model: 'tiny' },
  'blocks.0.attn.hook_pattern': { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
  logits: { dtype: 'F16', shape: [2, 2], data_offsets: [8, 16] },
};

describe('parseSafetensors', () => {
  it('reads the metadata and an F32 and an F16 tensor exactly', () => {
    const file = parseSafetensors(safetensorsFile(header, data()));
    expect(file.metadata).toEqual({ format: 'pt', model: 'tiny' });
    expect(Object.keys(file.tensors)).toEqual(['blocks.0.attn.hook_pattern', 'logits']);
    const pattern = file.tensors['blocks.0.attn.hook_pattern'];
    expect(pattern.dtype).toBe('F32');
    expect(pattern.shape).toEqual([2]);
    expect(Array.from(pattern.values)).toEqual([1.5, -0.25]);
    const logits = file.tensors.logits;
    expect(logits.dtype).toBe('F16');
    expect(logits.shape).toEqual([2, 2]);
    expect(Array.from(logits.values)).toEqual([1, -2, 0.5, 1365 / 4096]);
  });

  it('refuses offsets that do not hold the shape, or run past the file, and unknown dtypes', () => {
    const withEntry = (entry: object) => safetensorsFile({ x: entry }, data());
    expect(() => parseSafetensors(withEntry({ dtype: 'F32', shape: [3], data_offsets: [0, 8] }))).toThrow(
      /do not hold shape \[3\]/,
    );
    expect(() => parseSafetensors(withEntry({ dtype: 'F16', shape: [12], data_offsets: [0, 24] }))).toThrow(
      /in the file/,
    );
    expect(() => parseSafetensors(withEntry({ dtype: 'BF16', shape: [2], data_offsets: [0, 4] }))).toThrow(
      /unsupported dtype BF16/,
    );
    expect(() => parseSafetensors(new ArrayBuffer(4))).toThrow(/no header/);
  });
});
