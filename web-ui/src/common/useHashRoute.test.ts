import { hashOf, parseHash } from './useHashRoute';

describe('hash routes', () => {
  it('split into decoded segments', () => {
    expect(parseHash('#/experiments/alice/induction%20sweep')).toEqual(['experiments', 'alice', 'induction sweep']);
    expect(parseHash('')).toEqual([]);
    expect(parseHash('#/')).toEqual([]);
  });

  it('round-trip through hashOf', () => {
    const segments = ['experiments', 'bob', 'a/b c', 'runs', '42'];
    expect(parseHash(hashOf(...segments))).toEqual(segments);
  });
});
