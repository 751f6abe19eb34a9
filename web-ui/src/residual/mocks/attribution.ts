import type { AttributionResult } from '../attribution';

/**
 * A hand-made attribution for a 2-layer, 2-head model with position embeddings. Layer 0's attention is
 * 0.5 - 0.25 + 0.125 = 0.375, layer 1's is -1 + 0.75 + 0 = -0.25; the values sum to 1.875 and the constant is 0.125,
 * so the total is 2.
 */
export const attributionMock: AttributionResult = {
  metric: 'direct logit attribution to logit[101] at position 3',
  labels: ['embed', 'pos_embed', 'L0H0', 'L0H1', 'L0_attn_bias', 'L0_mlp', 'L1H0', 'L1H1', 'L1_attn_bias', 'L1_mlp'],
  values: [1.5, -0.5, 0.5, -0.25, 0.125, 0.25, -1, 0.75, 0, 0.5],
  perHead: [
    [0.5, -0.25],
    [-1, 0.75],
  ],
  perLayerAttention: [0.375, -0.25],
  perLayerMlp: [0.25, 0.5],
  constant: 0.125,
  total: 2,
  actual: 2.000004,
};
