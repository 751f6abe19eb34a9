import { describeFocus, focusWeights } from './describe';
import { inductionHead, repeatedTokens } from './mocks/inductionHead';

describe('describeFocus', () => {
  const half = 4;
  const pattern = inductionHead(half);
  const tokens = repeatedTokens(half); // a b c d a b c d

  it('names the induction target of a repeated token, with its weight', () => {
    // Query 6 ('c' again): 0.9 on key 3 ('d', after the first 'c') plus an even share 0.1 / 7 of keys 0..6.
    const text = describeFocus(pattern, 6, 'attends-to', tokens, 2);
    expect(text).toBe(`position 6 'c' attends most to 3 'd' (${(0.9 + 0.1 / 7).toFixed(2)}), then 0 'a' (0.01)`);
  });

  it('reads the column for "attended by"', () => {
    // Key 1 ('b') is the target of query 4 only.
    expect(describeFocus(pattern, 1, 'attended-by', tokens, 1)).toBe(
      `position 1 'b' is attended most by 4 'a' (${(0.9 + 0.1 / 5).toFixed(2)})`,
    );
  });

  it('colours by the row or the column of the focused position', () => {
    expect(Array.from(focusWeights(pattern, 2, 'attends-to'))).toEqual(Array.from(pattern.weights.slice(2 * 8, 3 * 8)));
    const column = focusWeights(pattern, 7, 'attended-by');
    // Only query 7 sees key 7 (causal), and it gives it its even share 0.1 / 8.
    expect(Array.from(column.slice(0, 7)).every((w) => w === 0)).toBe(true);
    expect(column[7]).toBeCloseTo(0.1 / 8, 6);
  });
});
