import type { HeadPattern } from '../pattern';

/**
 * An induction-like head on a sequence of `half` tokens repeated once (2 * half positions): in the second half,
 * query q puts `focus` of its attention on key q - half + 1 (the token after the earlier occurrence of its own token)
 * and spreads the rest evenly over keys 0..q; in the first half, where there is nothing to copy, it attends evenly to
 * keys 0..q. Causal, and every row sums to 1.
 */
export function inductionHead(half: number, focus = 0.9, layer = 1, head = 0): HeadPattern {
  const size = 2 * half;
  const weights = new Float32Array(size * size);
  for (let q = 0; q < size; q++) {
    const row = q * size;
    const target = q >= half ? q - half + 1 : -1;
    const spread = target < 0 ? 1 : 1 - focus;
    for (let k = 0; k <= q; k++) weights[row + k] = spread / (q + 1);
    if (target >= 0) weights[row + target] += focus;
  }
  return { layer, head, size, weights };
}

/** The tokens the mock stands for: `half` distinct-looking letters, then the same letters again. */
export function repeatedTokens(half: number): string[] {
  const first = Array.from({ length: half }, (_, i) => String.fromCharCode(97 + (i % 26)));
  return [...first, ...first];
}
