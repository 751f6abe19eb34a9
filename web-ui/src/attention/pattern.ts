import { sequentialColor } from '../common/colors';

/** One head's attention pattern: `size` x `size` weights, row-major [query_pos][key_pos], each row summing to 1. */
export interface HeadPattern {
  layer: number;
  head: number;
  /** Number of positions (query_pos = key_pos = size). */
  size: number;
  /** Row-major weights: `weights[q * size + k]` is the attention of query q on key k. */
  weights: Float32Array;
}

/** An activation as the run endpoint returns it: `shape` and its row-major flat `data`. */
export interface FlatTensor {
  name?: string;
  shape?: number[];
  data?: ArrayLike<number>;
}

/** The name a head goes by: layer 1, head 3 → "L1H3". */
export function headLabel(layer: number, head: number): string {
  return `L${layer}H${head}`;
}

/** The hook holding layer `layer`'s attention patterns. */
export function patternHook(layer: number): string {
  return `blocks.${layer}.attn.hook_pattern`;
}

/**
 * Splits one layer's `hook_pattern` activation, shape [1, n_heads, query_pos, key_pos], into one pattern per head.
 * Throws when the shape is not square per head or does not match the data's length.
 */
export function unpackHeads(tensor: FlatTensor, layer: number): HeadPattern[] {
  const shape = tensor.shape ?? [];
  const data = tensor.data ?? [];
  if (shape.length !== 4 || shape[0] !== 1 || shape[2] !== shape[3]) {
    throw new Error(`${tensor.name ?? 'pattern'}: expected shape [1, heads, pos, pos], got [${shape.join(', ')}]`);
  }
  const [, heads, size] = shape;
  const perHead = size * size;
  if (data.length !== heads * perHead) {
    throw new Error(`${tensor.name ?? 'pattern'}: ${data.length} values for shape [${shape.join(', ')}]`);
  }
  const all = data instanceof Float32Array ? data : Float32Array.from(data);
  return Array.from({ length: heads }, (_, head) => ({
    layer,
    head,
    size,
    weights: all.subarray(head * perHead, (head + 1) * perHead),
  }));
}

/** Query `query`'s weights over the keys: what it attends to. */
export function attentionRow(pattern: HeadPattern, query: number): Float32Array {
  return pattern.weights.subarray(query * pattern.size, (query + 1) * pattern.size);
}

/** Key `key`'s weights from every query: what attends to it. */
export function attentionColumn(pattern: HeadPattern, key: number): Float32Array {
  const column = new Float32Array(pattern.size);
  for (let q = 0; q < pattern.size; q++) column[q] = pattern.weights[q * pattern.size + key];
  return column;
}

/**
 * RGBA pixels of a pattern, one pixel per (query, key): pixel (q, k), at byte offset 4 * (q * size + k), has the
 * colour `sequentialColor(weight)`, fully opaque. Ready for `new ImageData(pixels, size, size)`.
 */
export function patternPixels(pattern: HeadPattern): Uint8ClampedArray<ArrayBuffer> {
  return pooledPixels(pattern, pattern.size);
}

/**
 * The pattern at `side` x `side` pixels (at most one per cell): pixel (i, j) is coloured by the largest weight of the
 * block of cells it covers (rows ⌊i·size/side⌋ … ⌊(i+1)·size/side⌋ − 1, columns likewise), so that thin stripes such as
 * an induction diagonal survive the shrinking. A thumbnail of a 1,024-token head costs side² pixels, not 1,024².
 */
export function pooledPixels(pattern: HeadPattern, side: number): Uint8ClampedArray<ArrayBuffer> {
  const { size, weights } = pattern;
  const out = Math.max(1, Math.min(size, Math.floor(side)));
  // Block i ends before row (and column) ends[i]. The weights are read once, in memory order: a 1,024-token
  // thumbnail reads a million of them.
  const ends = Int32Array.from({ length: out }, (_, i) => Math.floor(((i + 1) * size) / out));
  const maxima = new Float32Array(out * out);
  for (let i = 0, q = 0; i < out; i++) {
    for (; q < ends[i]; q++) {
      for (let j = 0, k = 0; j < out; j++) {
        let max = maxima[i * out + j];
        for (; k < ends[j]; k++) max = Math.max(max, weights[q * size + k]);
        maxima[i * out + j] = max;
      }
    }
  }
  const pixels = new Uint8ClampedArray(out * out * 4);
  maxima.forEach((max, at) => {
    const { r, g, b } = sequentialColor(max);
    pixels[4 * at] = r;
    pixels[4 * at + 1] = g;
    pixels[4 * at + 2] = b;
    pixels[4 * at + 3] = 255;
  });
  return pixels;
}

/** A cell of a pattern: the query row and the key column. */
export interface Cell {
  query: number;
  key: number;
}

/**
 * The cell under a pointer at (`x`, `y`) px from the top-left of a pattern drawn `width` x `height` px large with
 * `size` positions; null outside it.
 */
export function hitTest(x: number, y: number, width: number, height: number, size: number): Cell | null {
  if (!(width > 0 && height > 0 && size > 0) || x < 0 || y < 0 || x >= width || y >= height) return null;
  return {
    query: Math.min(size - 1, Math.floor((y / height) * size)),
    key: Math.min(size - 1, Math.floor((x / width) * size)),
  };
}

/** A position and its weight. */
export interface Weighted {
  position: number;
  weight: number;
}

/** The `k` largest weights with their positions, largest first (ties: the earlier position first). */
export function topPositions(weights: ArrayLike<number>, k: number): Weighted[] {
  const top: Weighted[] = [];
  if (k <= 0) return top;
  for (let position = 0; position < weights.length; position++) {
    const weight = weights[position];
    if (top.length === k && weight <= top[k - 1].weight) continue;
    let at = top.length;
    while (at > 0 && top[at - 1].weight < weight) at--;
    top.splice(at, 0, { position, weight });
    if (top.length > k) top.pop();
  }
  return top;
}
