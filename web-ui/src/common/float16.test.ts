import { float16Table, float16ToNumber } from './float16';

describe('float16ToNumber', () => {
  it('decodes normal, subnormal, signed-zero and special half-precision values', () => {
    expect(float16ToNumber(0x3c00)).toBe(1);
    expect(float16ToNumber(0xc000)).toBe(-2);
    expect(float16ToNumber(0x3800)).toBe(0.5);
    expect(float16ToNumber(0x7bff)).toBe(65504);
    expect(float16ToNumber(0x0001)).toBe(2 ** -24);
    expect(float16ToNumber(0x3555)).toBe(1365 / 4096); // 0.333251953125, the half nearest 1/3
    expect(Object.is(float16ToNumber(0x8000), -0)).toBe(true);
    expect(float16ToNumber(0x7c00)).toBe(Infinity);
    expect(float16ToNumber(0xfc00)).toBe(-Infinity);
    expect(float16ToNumber(0x7e00)).toBeNaN();
  });
});

describe('float16Table', () => {
  it('holds the value of every one of the 65,536 halves at its bits', () => {
    const table = float16Table();
    expect(table).toHaveLength(0x10000);
    for (let bits = 0; bits < 0x10000; bits++) {
      if (!Object.is(table[bits], float16ToNumber(bits))) throw new Error(`bits ${bits}: ${table[bits]}`);
    }
    expect([table[0x3c00], table[0xc000], table[0x3555]]).toEqual([1, -2, 1365 / 4096]);
    expect(float16Table()).toBe(table);
  });
});
