/** What `logit/direct_logit_attribution` and `logit/logit_difference_attribution` answer. */
export interface AttributionResult {
  /** What is attributed, in words, e.g. "direct logit attribution to logit[32] at position 6". */
  metric: string;
  /** ["embed", "pos_embed"?, "L0H0", ..., "L0_attn_bias", "L0_mlp", ...], [component]. */
  labels: string[];
  /** Each component's direct contribution to the metric, [component]. */
  values: number[];
  /** The heads' values, [layer][head]. */
  perHead: number[][];
  /** A layer's attention (its heads plus its bias), [layer]. */
  perLayerAttention: number[];
  /** A layer's MLP, [layer]. */
  perLayerMlp: number[];
  /** What no component writes (the unembedding bias and the final layer norm's offset). */
  constant: number;
  /** Sum of the values plus the constant. */
  total: number;
  /** The metric computed by the model itself: equals `total` up to float error. */
  actual: number;
}

/** One labelled contribution. */
export interface Part {
  label: string;
  value: number;
}

/** A layer's attention: the sum of its heads and its bias, which it can be expanded to. */
export interface LayerAttention extends Part {
  layer: number;
  heads: Part[];
  bias: Part;
}

/** The components grouped for display: embeddings, then each layer's attention and MLP. */
export interface GroupedAttribution {
  embeddings: Part[];
  layers: { attention: LayerAttention; mlp: Part }[];
}

const HEAD = /^L(\d+)H(\d+)$/;
const ATTN_BIAS = /^L(\d+)_attn_bias$/;
const MLP = /^L(\d+)_mlp$/;

/** Groups the flat labels and values: a layer's attention is the sum of its heads and its attention bias. */
export function groupAttribution({ labels, values }: Pick<AttributionResult, 'labels' | 'values'>): GroupedAttribution {
  const embeddings: Part[] = [];
  const layers: { heads: Part[]; bias: Part; mlp: Part }[] = [];
  const layerAt = (index: string) => {
    const layer = Number(index);
    layers[layer] ??= {
      heads: [],
      bias: { label: `L${layer} attention bias`, value: 0 },
      mlp: { label: `L${layer} MLP`, value: 0 },
    };
    return layers[layer];
  };
  labels.forEach((label, index) => {
    const value = values[index] ?? 0;
    const head = HEAD.exec(label);
    const bias = ATTN_BIAS.exec(label);
    const mlp = MLP.exec(label);
    if (head) layerAt(head[1]).heads.push({ label, value });
    else if (bias) layerAt(bias[1]).bias.value = value;
    else if (mlp) layerAt(mlp[1]).mlp.value = value;
    else embeddings.push({ label, value });
  });
  return {
    embeddings,
    layers: layers.map(({ heads, bias, mlp }, layer) => {
      const value = heads.reduce((sum, head) => sum + head.value, bias.value);
      return { attention: { label: `L${layer} attention`, layer, value, heads, bias }, mlp };
    }),
  };
}

/** The collapsed components in model order: embeddings, then each layer's attention and MLP. */
export function collapsedParts(grouped: GroupedAttribution): Part[] {
  return [...grouped.embeddings, ...grouped.layers.flatMap(({ attention, mlp }) => [attention, mlp])];
}

/** A part placed on the stacked bar, from `start` to `end` (start < end) in value units. */
export interface Segment extends Part {
  start: number;
  end: number;
}

export interface StackLayout {
  segments: Segment[];
  /** The left end: the sum of the negative parts (≤ 0). */
  min: number;
  /** The right end: the sum of the positive parts (≥ 0). */
  max: number;
  /** Where the bar nets out: max + min, the sum of all parts. */
  net: number;
}

/** Stacks the positive parts rightwards from 0 and the negative parts leftwards from 0, each in the given order. */
export function stackLayout(parts: Part[]): StackLayout {
  let max = 0;
  let min = 0;
  const segments: Segment[] = [];
  for (const part of parts) {
    if (part.value > 0) {
      segments.push({ ...part, start: max, end: max + part.value });
      max += part.value;
    } else if (part.value < 0) {
      segments.push({ ...part, start: min + part.value, end: min });
      min += part.value;
    }
  }
  return { segments, min, max, net: max + min };
}
