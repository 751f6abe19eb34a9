import { sequentialColor } from '../common/colors';
import { inductionHead } from './mocks/inductionHead';
import {
  attentionColumn,
  attentionRow,
  headLabel,
  hitTest,
  patternPixels,
  pooledPixels,
  topPositions,
  unpackHeads,
  type HeadPattern,
} from './pattern';

function pixelAt(pixels: Uint8ClampedArray, size: number, query: number, key: number) {
  const i = 4 * (query * size + key);
  return { r: pixels[i], g: pixels[i + 1], b: pixels[i + 2], a: pixels[i + 3] };
}

/** Reference for topPositions: a full stable sort by weight, largest first. */
function sortedPositions(weights: ArrayLike<number>, k: number) {
  return Array.from(weights, (weight, position) => ({ position, weight }))
    .sort((a, b) => b.weight - a.weight || a.position - b.position)
    .slice(0, k);
}

describe('unpackHeads', () => {
  it('splits [1, heads, q, k] row-major data into one pattern per head', () => {
    const data = Array.from({ length: 2 * 3 * 3 }, (_, i) => i);
    const heads = unpackHeads({ name: 'blocks.1.attn.hook_pattern', shape: [1, 2, 3, 3], data }, 1);
    expect(heads.map((h) => headLabel(h.layer, h.head))).toEqual(['L1H0', 'L1H1']);
    // Flat index of (head, q, k) is head * 9 + q * 3 + k.
    expect(heads[1].weights[2 * 3 + 1]).toBe(1 * 9 + 2 * 3 + 1);
    expect(Array.from(attentionRow(heads[0], 1))).toEqual([3, 4, 5]);
    expect(Array.from(attentionColumn(heads[1], 2))).toEqual([11, 14, 17]);
  });

  it('refuses data that does not fit the shape', () => {
    expect(() => unpackHeads({ shape: [1, 2, 3, 3], data: [1, 2, 3] }, 0)).toThrow(/3 values/);
    expect(() => unpackHeads({ shape: [1, 2, 3, 4], data: [] }, 0)).toThrow(/expected shape/);
  });
});

describe('patternPixels', () => {
  it('colours pixel (q, k) with sequentialColor of its weight, opaque', () => {
    const pattern = inductionHead(3);
    const pixels = patternPixels(pattern);
    expect(pixels).toHaveLength(6 * 6 * 4);
    for (let q = 0; q < 6; q++) {
      for (let k = 0; k < 6; k++) {
        expect(pixelAt(pixels, 6, q, k)).toEqual({ ...sequentialColor(pattern.weights[q * 6 + k]), a: 255 });
      }
    }
  });
});

describe('pooledPixels', () => {
  it('colours each pixel by the largest weight of the block of cells it covers', () => {
    // 4 x 4 pattern shrunk to 2 x 2: each pixel covers a 2 x 2 block.
    const weights = new Float32Array([1, 0, 0, 0, 0.5, 0.5, 0, 0, 0.2, 0.3, 0.5, 0, 0.1, 0.1, 0.1, 0.7]);
    const pixels = pooledPixels({ layer: 0, head: 0, size: 4, weights }, 2);
    expect(pixels).toHaveLength(2 * 2 * 4);
    expect(pixelAt(pixels, 2, 0, 0)).toEqual({ ...sequentialColor(1), a: 255 });
    expect(pixelAt(pixels, 2, 0, 1)).toEqual({ ...sequentialColor(0), a: 255 });
    expect(pixelAt(pixels, 2, 1, 0)).toEqual({ ...sequentialColor(0.3), a: 255 });
    expect(pixelAt(pixels, 2, 1, 1)).toEqual({ ...sequentialColor(0.7), a: 255 });
  });

  it('is the full-resolution image when the side is at least the size, and keeps a 1,024-token diagonal', () => {
    const small = inductionHead(3);
    expect(pooledPixels(small, 100)).toEqual(patternPixels(small));
    const large = inductionHead(512);
    const thumbnail = pooledPixels(large, 112);
    // The induction stripe (key = query - 511) is in every block the pooled image maps it to: dark, not washed out.
    for (const q of [600, 800, 1000]) {
      const i = Math.floor((q * 112) / 1024);
      const j = Math.floor(((q - 511) * 112) / 1024);
      expect(pixelAt(thumbnail, 112, i, j).b).toBeLessThan(200);
    }
  });
});

describe('hitTest', () => {
  it('maps a pointer to the cell under it at any drawn size', () => {
    expect(hitTest(0, 0, 300, 300, 3)).toEqual({ query: 0, key: 0 });
    expect(hitTest(299.9, 299.9, 300, 300, 3)).toEqual({ query: 2, key: 2 });
    // 100 px per cell: x picks the key column, y the query row.
    expect(hitTest(150, 250, 300, 300, 3)).toEqual({ query: 2, key: 1 });
    // Non-square drawing: 10 px wide, 50 px high cells.
    expect(hitTest(25, 60, 30, 150, 3)).toEqual({ query: 1, key: 2 });
  });

  it('is null outside the drawing', () => {
    expect(hitTest(-1, 5, 300, 300, 3)).toBeNull();
    expect(hitTest(5, 300, 300, 300, 3)).toBeNull();
    expect(hitTest(5, 5, 0, 300, 3)).toBeNull();
  });
});

describe('topPositions', () => {
  it('agrees with a full sort, ties broken by position', () => {
    const weights = [0.1, 0.4, 0.1, 0.25, 0.1, 0.05];
    expect(topPositions(weights, 3)).toEqual(sortedPositions(weights, 3));
    expect(topPositions(weights, 10)).toEqual(sortedPositions(weights, 10));
    expect(topPositions(weights, 0)).toEqual([]);
  });
});

describe('the induction mock', () => {
  const half = 5;
  const pattern = inductionHead(half);

  it('has rows that sum to 1 and no attention to later positions', () => {
    for (let q = 0; q < pattern.size; q++) {
      const row = attentionRow(pattern, q);
      expect(row.reduce((sum, w) => sum + w, 0)).toBeCloseTo(1, 6);
      expect(row.slice(q + 1).every((w) => w === 0)).toBe(true);
    }
  });

  it('attends most, in the repeat, to the token after the earlier occurrence', () => {
    for (let q = half; q < 2 * half; q++) {
      expect(topPositions(attentionRow(pattern, q), 1)[0].position).toBe(q - half + 1);
    }
  });
});

describe('a 1,024-token pattern', () => {
  const half = 512;
  const mock = inductionHead(half);
  // As the run endpoint sends it: shape [1, 1, 1024, 1024], flat row-major numbers.
  const [pattern]: HeadPattern[] = unpackHeads({ shape: [1, 1, 1024, 1024], data: Array.from(mock.weights) }, 1);

  it('unpacks to the same weights', () => {
    expect(pattern.size).toBe(1024);
    expect(pattern.weights).toHaveLength(mock.weights.length);
    expect(pattern.weights.findIndex((w, i) => w !== mock.weights[i])).toBe(-1);
  });

  it('finds the induction target of a late query, by row and by column', () => {
    const query = 900;
    const target = query - half + 1; // 389
    const row = topPositions(attentionRow(pattern, query), 3);
    expect(row[0].position).toBe(target);
    expect(row[0].weight).toBeCloseTo(0.9 + 0.1 / (query + 1), 6);
    expect(row.reduce((sum, { weight }) => sum + weight, 0)).toBeLessThanOrEqual(1 + 1e-6);
    // Key 389 is the induction target of query 900 only; every other query gives it at most the even share.
    expect(topPositions(attentionColumn(pattern, target), 1)[0].position).toBe(query);
  });

  it('hit-tests and colours that cell on a canvas smaller and larger than the pattern', () => {
    const pixels = patternPixels(pattern);
    const cell = { query: 900, key: 389 };
    for (const drawn of [512, 800, 2048]) {
      const px = drawn / 1024;
      expect(hitTest((cell.key + 0.5) * px, (cell.query + 0.5) * px, drawn, drawn, 1024)).toEqual(cell);
    }
    expect(pixelAt(pixels, 1024, cell.query, cell.key)).toEqual({
      ...sequentialColor(pattern.weights[900 * 1024 + 389]),
      a: 255,
    });
    // Above the diagonal nothing is attended: white.
    expect(pixelAt(pixels, 1024, 10, 1000)).toEqual({ r: 255, g: 255, b: 255, a: 255 });
  });
});
