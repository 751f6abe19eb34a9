import { parseFrame, parseServerMessage, type FrameHeader } from './frames';
import { encodeFrame as frame, littleEndian } from './mocks/frames';

const header = (dtype: 'float16' | 'float32', shape: number[]): FrameHeader => ({
  name: 'blocks.1.hook_resid_post',
  shape,
  dtype,
  layer: 1,
  step: 2,
  index: 7,
});

describe('parseFrame', () => {
  it('reads the header and a float16 tensor exactly', () => {
    const bits = [0x3c00, 0xc000, 0x3800, 0x7bff, 0x0000, 0x3555];
    const parsed = parseFrame(frame(header('float16', [1, 2, 3]), littleEndian(bits, 2)));
    expect(parsed.header).toEqual(header('float16', [1, 2, 3]));
    expect(Array.from(parsed.values)).toEqual([1, -2, 0.5, 65504, 0, 1365 / 4096]);
  });

  it('reads a float32 tensor that starts at an unaligned offset, and counts the whole frame in bytes', () => {
    const values = [1.5, -0.25, 3e-8, 1024];
    const h = { ...header('float32', [1, 1, 4]), name: 'x' }; // a short header: the tensor starts at no multiple of 4
    const buffer = frame(h, littleEndian(values, 4));
    const parsed = parseFrame(buffer);
    expect(Array.from(parsed.values)).toEqual(Array.from(new Float32Array(values)));
    expect(parsed.bytes).toBe(4 + new TextEncoder().encode(JSON.stringify(h)).length + 16);
  });

  it('refuses a frame whose tensor does not match its shape', () => {
    expect(() => parseFrame(frame(header('float32', [1, 2, 3]), littleEndian([1, 2], 4)))).toThrow(/needs 24/);
  });
});

describe('parseServerMessage', () => {
  it('reads the four text messages and refuses others', () => {
    expect(parseServerMessage('{"type":"token","step":1,"tokenId":32,"text":" "}')).toEqual({
      type: 'token',
      step: 1,
      tokenId: 32,
      text: ' ',
    });
    expect(parseServerMessage('{"type":"cancelled"}').type).toBe('cancelled');
    expect(parseServerMessage('{"type":"error","problem":{"status":400}}').type).toBe('error');
    expect(parseServerMessage('{"type":"summary","frames":1,"bytes":2,"tokens":[],"millis":3}').type).toBe('summary');
    expect(() => parseServerMessage('{"type":"hello"}')).toThrow(/hello/);
  });
});
