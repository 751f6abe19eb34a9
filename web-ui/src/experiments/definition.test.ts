import { definitionModel, describeDefinition, prettyJson } from './definition';
import { definition } from './mocks/experiments';

describe('definitions', () => {
  it('describes a definition in one line: model, steps, metrics, plots, seed', () => {
    expect(describeDefinition(definition)).toBe(
      'tiny-induction-2l · attention.detect_heads · 2 metrics · 1 plot · seed 1',
    );
    expect(describeDefinition({ model: { name: 'm' }, metrics: { a: 'x' } })).toBe('m · no steps · 1 metric');
    expect(describeDefinition(null)).toBe('no model · no steps · 0 metrics');
  });

  it('reads the model and pretty-prints JSON that parses back to the same value', () => {
    expect(definitionModel(definition)).toBe('tiny-induction-2l');
    expect(definitionModel('nonsense')).toBeUndefined();
    const pretty = prettyJson(definition);
    expect(pretty.split('\n').length).toBeGreaterThan(10);
    expect(JSON.parse(pretty)).toEqual(definition);
  });

  it('keeps arrays of primitives on one line and nests the rest with two spaces', () => {
    const value = { tokens: [[1, 2, 3]], name: 'x', empty: [], nested: { flag: true, none: null } };
    expect(prettyJson(value)).toBe(
      [
        '{',
        '  "tokens": [',
        '    [1, 2, 3]',
        '  ],',
        '  "name": "x",',
        '  "empty": [],',
        '  "nested": {',
        '    "flag": true,',
        '    "none": null',
        '  }',
        '}',
      ].join('\n'),
    );
    expect(prettyJson(undefined)).toBe('null');
    expect(JSON.parse(prettyJson([{ a: [1.5, 'b'] }, 2]))).toEqual([{ a: [1.5, 'b'] }, 2]);
  });
});
