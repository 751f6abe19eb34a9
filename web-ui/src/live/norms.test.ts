import { describeNorms, normColors, positionNorms, sliceUnit } from './norms';

describe('positionNorms', () => {
  it('is the L2 norm of each [batch, pos] vector of a [2, 3, 2] tensor', () => {
    // x[b, p, :]: (3, 4) → 5, (0, 0) → 0, (1, -1) → √2; (6, 8) → 10, (-5, 12) → 13, (0, 2) → 2
    const values = [3, 4, 0, 0, 1, -1, 6, 8, -5, 12, 0, 2];
    expect(positionNorms(values, [2, 3, 2])).toEqual([
      [5, 0, Math.SQRT2],
      [10, 13, 2],
    ]);
  });

  it('flattens the dimensions after pos, and has no positions below rank 2', () => {
    // [1, 2, 2, 2]: position 0 holds four ones (norm 2), position 1 four twos (norm 4).
    expect(positionNorms([1, 1, 1, 1, 2, 2, 2, 2], [1, 2, 2, 2])).toEqual([[2, 4]]);
    expect(positionNorms([1, 2, 3], [3])).toEqual([]);
  });

  it('leaves out masked attention scores (the float32 minimum, or -inf)', () => {
    // [1, 1 head, 2 queries, 2 keys]: query 0 cannot see key 1. The head's norm over its flattened [query, key]
    // block is √(3² + 4² + 0²) = 5 with the masked entry left out.
    const lowest = -3.4028234663852886e38;
    expect(positionNorms([3, lowest, 4, 0], [1, 1, 2, 2])).toEqual([[5]]);
    expect(positionNorms([3, -Infinity, 4, 0], [1, 1, 2, 2])).toEqual([[5]]);
  });
});

describe('normColors and describeNorms', () => {
  it('colours 0 white and the maximum darkest blue, and names where the extremes sit', () => {
    expect(normColors([0, 10, 5], 10)).toEqual(['rgb(255, 255, 255)', 'rgb(8, 69, 148)', 'rgb(132, 162, 202)']);
    expect(normColors([3], 0)).toEqual(['rgb(255, 255, 255)']);
    expect(describeNorms([2, 0.5, 7])).toBe('3 positions, norm from 0.500 (position 1) to 7.00 (position 2)');
    expect(describeNorms([12.345])).toBe('norm 12.3');
    expect(describeNorms([1, 3], 'head')).toBe('2 heads, norm from 1.00 (head 0) to 3.00 (head 1)');
  });

  it('knows that dimension 1 of the attention scores and patterns is the head', () => {
    expect(sliceUnit('blocks.1.attn.hook_pattern')).toBe('head');
    expect(sliceUnit('blocks.0.attn.hook_attn_scores')).toBe('head');
    expect(sliceUnit('blocks.0.attn.hook_z')).toBe('position');
    expect(sliceUnit('blocks.0.hook_resid_post')).toBe('position');
  });
});
