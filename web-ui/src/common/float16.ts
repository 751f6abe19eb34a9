/** The value of an IEEE 754 half-precision number given its 16 bits (exact: every half is a float32 too). */
export function float16ToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

let widened: Float32Array | null = null;

/** Every half's value, indexed by its 16 bits: a lookup is several times faster than decoding millions of values. */
export function float16Table(): Float32Array {
  widened ??= Float32Array.from({ length: 0x10000 }, (_, bits) => float16ToNumber(bits));
  return widened;
}
