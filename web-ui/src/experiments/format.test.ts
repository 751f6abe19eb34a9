import { formatDuration, formatInstant, formatJsonValue, formatNumber, shortHash } from './format';

describe('formatting', () => {
  it('shortens a hash to its first characters', () => {
    const sha = '45bc2f4c1f3935bcf620610abb287619535bf1adbe39860d77f283446b112d4b';
    expect(shortHash(sha)).toBe(sha.slice(0, 12));
    expect(shortHash(sha, 7)).toHaveLength(7);
    expect(shortHash(undefined)).toBe('');
  });

  it('says durations in ms, s or min and s', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(1632)).toBe('1.63 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
  });

  it('writes instants in UTC', () => {
    expect(formatInstant('2026-11-26T23:04:19.453137Z')).toBe('2026-11-26 23:04:19 UTC');
    expect(formatInstant('2026-11-27T01:04:19+02:00')).toBe('2026-11-26 23:04:19 UTC');
    expect(formatInstant(undefined)).toBe('—');
  });

  it('keeps four significant digits and switches to exponents at the extremes', () => {
    expect(formatNumber(0.4648896)).toBe('0.4649');
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(1.0118919e-5)).toBe('1.012e-5');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(Number.NaN)).toBe('NaN');
  });

  it('shows diff values: absent as a dash, strings raw, objects as bounded JSON', () => {
    expect(formatJsonValue(null)).toBe('—');
    expect(formatJsonValue('tiny-gpt2-bytes')).toBe('tiny-gpt2-bytes');
    expect(formatJsonValue([1, 2])).toBe('[1,2]');
    const long = formatJsonValue({ values: Array.from({ length: 100 }, (_, i) => i) }, 20);
    expect(long).toHaveLength(20);
    expect(long.endsWith('…')).toBe(true);
  });
});
