import { rankHeads } from './scores';

describe('rankHeads', () => {
  it('lists every head once, highest score first', () => {
    const scores = [
      [0.1, 0.7, 0.1],
      [0.3, 0.7, 0.9],
    ];
    const ranked = rankHeads(scores);
    expect(ranked).toHaveLength(6);
    expect(ranked.map(({ layer, head }) => `${layer}.${head}`)).toEqual(['1.2', '0.1', '1.1', '1.0', '0.0', '0.2']);
    // Every score is the one at its own [layer][head].
    for (const { layer, head, score } of ranked) expect(score).toBe(scores[layer][head]);
  });
});
