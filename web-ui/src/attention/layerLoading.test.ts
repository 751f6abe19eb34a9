import { LatestPromptCache, nextLayer, promptKey } from './layerLoading';

describe('nextLayer', () => {
  it('takes the preferred layer while it is pending, else the lowest pending one, and null when none is', () => {
    expect(nextLayer(new Set([0, 1, 2, 3]), 2)).toBe(2);
    expect(nextLayer(new Set([3, 1, 0]), 2)).toBe(0);
    expect(nextLayer(new Set([3]), 0)).toBe(3);
    expect(nextLayer(new Set(), 0)).toBeNull();
  });

  it('visits every layer once, the preferred first, when each taken layer is removed', () => {
    const pending = new Set([0, 1, 2, 3]);
    const order: number[] = [];
    for (let layer = nextLayer(pending, 2); layer !== null; layer = nextLayer(pending, 2)) {
      pending.delete(layer);
      order.push(layer);
    }
    expect(order).toEqual([2, 0, 1, 3]);
  });
});

describe('LatestPromptCache', () => {
  it('keeps the layers of one prompt, and drops them when another prompt’s layer arrives', () => {
    const cache = new LatestPromptCache<string>();
    const a = promptKey('m', [1, 2]);
    const b = promptKey('m', [1, 2, 3]);
    cache.set(a, 0, 'a0');
    cache.set(a, 1, 'a1');
    expect([cache.get(a, 0), cache.get(a, 1), cache.get(a, 2)]).toEqual(['a0', 'a1', undefined]);
    expect(cache.get(b, 0)).toBeUndefined();
    cache.set(b, 1, 'b1');
    expect([cache.get(a, 0), cache.get(a, 1), cache.get(b, 1)]).toEqual([undefined, undefined, 'b1']);
    cache.clear();
    expect(cache.get(b, 1)).toBeUndefined();
  });

  it('tells prompts apart by model and by tokens', () => {
    expect(promptKey('m', [12, 3])).not.toBe(promptKey('m', [1, 23]));
    expect(promptKey('m', [1])).not.toBe(promptKey('n', [1]));
  });
});
