import { repeatedRandomText } from './randomText';

describe('repeatedRandomText', () => {
  it('is a printable half followed by the same half', () => {
    const text = repeatedRandomText(40, 7);
    expect(text).toHaveLength(80);
    expect(text.slice(0, 40)).toBe(text.slice(40));
    expect(text).toMatch(/^[!-~]+$/);
  });

  it('depends on the seed only', () => {
    expect(repeatedRandomText(20, 1)).toBe(repeatedRandomText(20, 1));
    expect(repeatedRandomText(20, 1)).not.toBe(repeatedRandomText(20, 2));
  });
});
