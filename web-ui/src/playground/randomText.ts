/**
 * A repeated random sequence, the standard probe for induction heads: `length` random printable ASCII characters,
 * then the same characters again. Seeded (mulberry32), so the same seed gives the same text.
 */
export function repeatedRandomText(length: number, seed: number): string {
  const next = mulberry32(seed);
  let half = '';
  for (let i = 0; i < length; i++) {
    half += String.fromCharCode(33 + Math.floor(next() * 94)); // '!' .. '~': no spaces, so no merges across words
  }
  return half + half;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
