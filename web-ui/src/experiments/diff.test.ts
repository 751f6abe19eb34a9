import { DIFF_SECTIONS, diffSections, pairMetrics } from './diff';
import { runDiff } from './mocks/experiments';

describe('diffSections', () => {
  it('keeps the four sections in order with their equality and every difference as a row', () => {
    const sections = diffSections(runDiff);
    expect(sections.map((s) => s.key)).toEqual(DIFF_SECTIONS.map((s) => s.key));
    expect(sections.map((s) => s.equal)).toEqual([true, false, false, false]);
    const total = sections.reduce((sum, s) => sum + s.rows.length, 0);
    const reported = ['definition', 'manifest', 'results', 'metrics'] as const;
    expect(total).toBe(reported.reduce((sum, key) => sum + (runDiff[key]?.differences?.length ?? 0), 0));
    expect(sections[1].rows[0]).toEqual({
      path: 'model',
      kind: 'CHANGED',
      left: 'tiny-induction-2l',
      right: 'tiny-gpt2-bytes',
    });
    expect(sections[2].rows[1].kind).toBe('ADDED');
  });

  it('treats a missing section as equal with no rows', () => {
    const sections = diffSections({ left: 'a', right: 'b' });
    expect(sections.every((s) => s.equal && s.rows.length === 0 && s.count === 0)).toBe(true);
  });
});

describe('pairMetrics', () => {
  it('pairs the union of names, sorted, with right − left where both runs have the metric', () => {
    const pairs = pairMetrics({ b: 2, a: 0.5 }, { a: 0.25, c: 9 });
    expect(pairs.map((p) => p.name)).toEqual(['a', 'b', 'c']);
    expect(pairs[0]).toEqual({ name: 'a', left: 0.5, right: 0.25, delta: -0.25 });
    expect(pairs[1]).toEqual({ name: 'b', left: 2, right: undefined, delta: undefined });
    expect(pairs[2].left).toBeUndefined();
  });

  it('has left + delta = right for every paired metric', () => {
    const left = { x: 0.4648896, y: 0.47907734 };
    const right = { x: 0.018108485, y: 0.02098758 };
    for (const pair of pairMetrics(left, right)) {
      expect((pair.left ?? 0) + (pair.delta ?? 0)).toBeCloseTo(pair.right ?? 0, 12);
    }
  });
});
