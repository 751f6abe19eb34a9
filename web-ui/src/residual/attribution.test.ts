import { collapsedParts, groupAttribution, stackLayout, type Part } from './attribution';
import { attributionMock } from './mocks/attribution';

const sum = (parts: Part[]) => parts.reduce((total, part) => total + part.value, 0);

describe('groupAttribution', () => {
  const grouped = groupAttribution(attributionMock);

  it('keeps the embeddings and gives each layer its heads, attention bias and MLP', () => {
    expect(grouped.embeddings.map((part) => part.label)).toEqual(['embed', 'pos_embed']);
    expect(grouped.layers).toHaveLength(2);
    expect(grouped.layers[1].attention.heads.map((head) => head.label)).toEqual(['L1H0', 'L1H1']);
    expect(grouped.layers[0].attention.bias.value).toBe(0.125);
    expect(grouped.layers.map(({ mlp }) => mlp.value)).toEqual(attributionMock.perLayerMlp);
    expect(grouped.layers.map(({ attention }) => attention.heads.map((head) => head.value))).toEqual(
      attributionMock.perHead,
    );
  });

  it('sums a layer’s heads and bias into its attention (closed form: 0.375 and -0.25)', () => {
    expect(grouped.layers.map(({ attention }) => attention.value)).toEqual([0.375, -0.25]);
    expect(grouped.layers.map(({ attention }) => attention.value)).toEqual(attributionMock.perLayerAttention);
  });

  it('collapses into components in model order that, with the constant, sum to the total', () => {
    const parts = collapsedParts(grouped);
    expect(parts.map((part) => part.label)).toEqual([
      'embed',
      'pos_embed',
      'L0 attention',
      'L0 MLP',
      'L1 attention',
      'L1 MLP',
    ]);
    expect(sum(parts) + attributionMock.constant).toBeCloseTo(attributionMock.total, 12);
  });

  it('copes with a model without position embeddings (llama)', () => {
    const grouped = groupAttribution({ labels: ['embed', 'L0H0', 'L0_attn_bias', 'L0_mlp'], values: [1, 2, 3, 4] });
    expect(grouped.embeddings).toEqual([{ label: 'embed', value: 1 }]);
    expect(grouped.layers[0].attention.value).toBe(5);
  });
});

describe('stackLayout', () => {
  const parts = [
    ...collapsedParts(groupAttribution(attributionMock)),
    { label: 'constant', value: attributionMock.constant },
  ];
  const layout = stackLayout(parts);

  it('stacks positives to the right and negatives to the left; the net is the total', () => {
    expect(layout.max).toBeCloseTo(1.5 + 0.375 + 0.25 + 0.5 + 0.125, 12);
    expect(layout.min).toBeCloseTo(-0.5 - 0.25, 12);
    expect(layout.net).toBeCloseTo(attributionMock.total, 12);
  });

  it('lays the segments end to end without gaps or overlaps, each as long as its value', () => {
    const positives = layout.segments.filter((segment) => segment.value > 0);
    const negatives = layout.segments.filter((segment) => segment.value < 0);
    positives.forEach((segment, index) => expect(segment.start).toBe(index === 0 ? 0 : positives[index - 1].end));
    negatives.forEach((segment, index) => expect(segment.end).toBe(index === 0 ? 0 : negatives[index - 1].start));
    layout.segments.forEach((segment) => expect(segment.end - segment.start).toBeCloseTo(Math.abs(segment.value), 12));
    expect(positives.at(-1)?.end).toBeCloseTo(layout.max, 12);
    expect(negatives.at(-1)?.start).toBeCloseTo(layout.min, 12);
  });

  it('leaves out zero parts', () => {
    expect(stackLayout([{ label: 'zero', value: 0 }])).toEqual({ segments: [], min: 0, max: 0, net: 0 });
  });
});
