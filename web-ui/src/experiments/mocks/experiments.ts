import type { Schemas } from '../../api/client';

/** Small, real-shaped API answers (taken from a run of tiny-induction-2l and its replay on tiny-gpt2-bytes). */

export const VERSION_SHA = '45bc2f4c1f3935bcf620610abb287619535bf1adbe39860d77f283446b112d4b';
export const LEFT_ID = 'b219e2d4-0a39-455a-be94-24be91b193a9';
export const RIGHT_ID = 'd7c9506f-ed5a-48e6-bdc2-12fbae2a647d';

export const definition = {
  name: 'induction',
  model: { name: 'tiny-induction-2l' },
  inputs: { tokens: [[62, 107, 101, 62, 107, 101]] },
  steps: [
    {
      id: 'detect',
      tool: 'attention',
      method: 'detect_heads',
      params: { tokens: '${inputs.tokens.0}', kind: 'induction' },
    },
  ],
  metrics: { inductionL1H0: '${detect.scores.1.0}', inductionL1H1: '${detect.scores.1.1}' },
  seed: 1,
  plots: [{ type: 'attention', dataKeys: ['blocks.1.attn.hook_pattern'], options: { head: 0 } }],
};

export const summary: Schemas['ExperimentSummary'] = {
  owner: 'admin',
  name: 'induction',
  visibility: 'private',
  versions: 1,
  latestRunAt: '2026-11-26T23:04:19.453137Z',
  createdAt: '2026-11-26T23:04:19.395724Z',
};

export const version: Schemas['VersionResponse'] = {
  experiment: 'induction',
  owner: 'admin',
  sha256: VERSION_SHA,
  createdAt: '2026-11-26T23:04:19.395724Z',
  definition,
};

const artifacts: Schemas['NamedArtifact'][] = [
  { name: 'plots/0-attention.json', ref: { sha256: 'a1', mediaType: 'application/json', sizeBytes: 14125 } },
  { name: 'plots/0-attention.png', ref: { sha256: 'a2', mediaType: 'image/png', sizeBytes: 21000 } },
  { name: 'plots/0-attention.svg', ref: { sha256: 'a3', mediaType: 'image/svg+xml', sizeBytes: 54000 } },
];

export const leftRun: Schemas['RunRecord'] = {
  id: LEFT_ID,
  experiment: 'induction',
  owner: 'admin',
  version: VERSION_SHA,
  status: 'SUCCEEDED',
  model: 'tiny-induction-2l',
  replay: false,
  startedAt: '2026-11-26T23:04:19.453137Z',
  endedAt: '2026-11-26T23:04:21.085336Z',
  durationMs: 1632,
  manifest: { model: 'tiny-induction-2l', engine: 'PyTorch 2.7.1', seed: 1 },
  steps: [
    {
      id: 'detect',
      tool: 'attention',
      method: 'detect_heads',
      wallNanos: 7866560,
      result: {
        scores: [
          [7.76e-5, 0.022, 1.01e-5, 0.025],
          [0.4648896, 0.47907734, 0.025, 0.4778819],
        ],
      },
    },
  ],
  metrics: { inductionL1H0: 0.4648896, inductionL1H1: 0.47907734 },
  artifacts,
};

export const rightRun: Schemas['RunRecord'] = {
  ...leftRun,
  id: RIGHT_ID,
  model: 'tiny-gpt2-bytes',
  replay: true,
  startedAt: '2026-11-26T23:05:00.000000Z',
  durationMs: 850,
  manifest: { model: 'tiny-gpt2-bytes', engine: 'PyTorch 2.7.1', seed: 1 },
  metrics: { inductionL1H0: 0.018108485, inductionL1H1: 0.02098758 },
};

export const failedRun: Schemas['RunRecord'] = {
  ...leftRun,
  id: '0f0f0f0f-0000-4000-8000-000000000000',
  status: 'FAILED',
  error: "step 'bad': layer 5 is out of range [0, 2)",
  metrics: {},
  steps: [],
  artifacts: [],
};

const tolerance = { absolute: 0, relative: 0 };

export const runDiff: Schemas['RunDiff'] = {
  left: LEFT_ID,
  right: RIGHT_ID,
  leftStatus: 'SUCCEEDED',
  rightStatus: 'SUCCEEDED',
  definition: {
    equal: true,
    differenceCount: 0,
    differences: [],
    numbersCompared: 42,
    maxAbsoluteDifference: 0,
    tolerance,
  },
  manifest: {
    equal: false,
    differenceCount: 1,
    differences: [{ path: 'model', kind: 'CHANGED', left: 'tiny-induction-2l', right: 'tiny-gpt2-bytes' }],
    numbersCompared: 1,
    maxAbsoluteDifference: 0,
    tolerance,
  },
  results: {
    equal: false,
    differenceCount: 2,
    differences: [
      { path: 'detect.scores[1][0]', kind: 'CHANGED', left: 0.4648896, right: 0.0181 },
      { path: 'detect.labels[8]', kind: 'ADDED', left: null, right: 'L1H2' },
    ],
    numbersCompared: 8,
    maxAbsoluteDifference: 0.4467,
    tolerance,
  },
  metrics: {
    equal: false,
    differenceCount: 2,
    differences: [
      { path: 'inductionL1H0', kind: 'CHANGED', left: 0.4648896, right: 0.018108485 },
      { path: 'inductionL1H1', kind: 'CHANGED', left: 0.47907734, right: 0.02098758 },
    ],
    numbersCompared: 2,
    maxAbsoluteDifference: 0.4582,
    tolerance,
  },
};

export const models: Schemas['ModelResponse'][] = [
  { name: 'tiny-gpt2-bytes', architecture: 'gpt2' },
  { name: 'tiny-induction-2l', architecture: 'gpt2' },
  { name: 'tiny-llama-bytes', architecture: 'llama' },
];
