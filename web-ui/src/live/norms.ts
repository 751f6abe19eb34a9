import { css, sequentialColor } from '../common/colors';

/**
 * Attention scores of masked (future) keys: the engine adds the float32 minimum (-3.4e38) there, as Hugging Face does,
 * so anything at or below this is a mask, not a score, and would swamp every norm.
 */
const MASKED = -1e38;

/**
 * L2 norm of each position's vector in a [batch, pos, ...rest] tensor (row-major): result[b][p] =
 * sqrt(sum over rest of x[b, p, ...]^2), leaving out masked entries (-inf or the float32 minimum). A tensor of rank
 * < 2 has no positions: [].
 */
export function positionNorms(values: ArrayLike<number>, shape: number[]): number[][] {
  if (shape.length < 2) return [];
  const [batch, positions] = shape;
  const width = shape.slice(2).reduce((product, size) => product * size, 1);
  return Array.from({ length: batch }, (_, b) =>
    Array.from({ length: positions }, (_, p) => {
      const start = (b * positions + p) * width;
      let sum = 0;
      for (let i = start; i < start + width; i++) {
        if (values[i] > MASKED) sum += values[i] * values[i];
      }
      return Math.sqrt(sum);
    }),
  );
}

/**
 * What dimension 1 of a hook's tensor indexes: heads for the attention scores and patterns
 * ([batch, head, query_pos, key_pos]), positions for everything else ([batch, pos, ...]).
 */
export function sliceUnit(hookName: string): 'head' | 'position' {
  return /attn\.hook_(pattern|attn_scores)$/.test(hookName) ? 'head' : 'position';
}

/** The sequential colour of each norm relative to `max` (the largest norm of its scale): 0 white, max dark blue. */
export function normColors(norms: number[], max: number): string[] {
  return norms.map((norm) => css(sequentialColor(max > 0 ? norm / max : 0)));
}

/** Where the smallest and largest norm sit, in words (the strip's textual alternative). */
export function describeNorms(norms: number[], unit: 'head' | 'position' = 'position'): string {
  if (norms.length === 0) return `no ${unit}s`;
  if (norms.length === 1) return `norm ${formatNorm(norms[0])}`;
  let low = 0;
  let high = 0;
  norms.forEach((norm, i) => {
    if (norm < norms[low]) low = i;
    if (norm > norms[high]) high = i;
  });
  return `${norms.length} ${unit}s, norm from ${formatNorm(norms[low])} (${unit} ${low}) to ${formatNorm(norms[high])} (${unit} ${high})`;
}

export function formatNorm(norm: number): string {
  return norm.toPrecision(3);
}
