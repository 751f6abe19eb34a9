import type { ActivationFrame, StreamRequest, SummaryMessage } from './frames';
import {
  generatedTokens,
  initialStreamState,
  latestRows,
  statusText,
  streamReducer,
  type StreamAction,
  type StreamState,
} from './streamState';

const request: StreamRequest = {
  model: 'm',
  text: 'ab',
  hooks: ['blocks.*.hook_resid_post'],
  generate: { maxNewTokens: 1 },
};

/** A [1, pos, 2] frame whose position p holds (3(p+1), 4(p+1)): norm 5(p+1). */
function frame(name: string, layer: number, step: number, positions: number, index: number): ActivationFrame {
  const values = new Float32Array(positions * 2);
  for (let p = 0; p < positions; p++) values.set([3 * (p + 1), 4 * (p + 1)], 2 * p);
  return {
    header: { name, shape: [1, positions, 2], dtype: 'float32', layer, step, index },
    values,
    bytes: 100 + index,
  };
}

const run = (...actions: StreamAction[]): StreamState => actions.reduce(streamReducer, initialStreamState);

const twoLayersOneToken: StreamAction[] = [
  { type: 'start', request, at: 1000, connecting: true },
  { type: 'open' },
  { type: 'frame', frame: frame('blocks.0.hook_resid_post', 0, 0, 2, 0), at: 1010 },
  { type: 'frame', frame: frame('blocks.1.hook_resid_post', 1, 0, 2, 1), at: 1012 },
  { type: 'message', message: { type: 'token', step: 1, tokenId: 99, text: 'c' } },
  { type: 'frame', frame: frame('blocks.0.hook_resid_post', 0, 1, 1, 2), at: 1020 },
  { type: 'frame', frame: frame('blocks.1.hook_resid_post', 1, 1, 1, 3), at: 1021 },
];

describe('streamReducer', () => {
  it('groups frames by step under the token that step feeds, with norms and arrival times', () => {
    const state = run(...twoLayersOneToken);
    expect(state.phase).toBe('streaming');
    expect(state.connection).toBe('open');
    expect(state.steps.map((s) => [s.step, s.token?.text, s.rows.map((r) => r.layer)])).toEqual([
      [0, undefined, [0, 1]],
      [1, 'c', [0, 1]],
    ]);
    expect(state.steps[0].rows[1]).toMatchObject({ arrivedMs: 12, norms: [5, 10], bytes: 101, shape: [1, 2, 2] });
    expect(state.frames).toBe(4);
    expect(state.bytes).toBe(100 + 101 + 102 + 103);
    expect(state.maxNorm).toEqual({ 'blocks.0.hook_resid_post': 10, 'blocks.1.hook_resid_post': 10 });
    expect(generatedTokens(state).map((t) => t.tokenId)).toEqual([99]);
  });

  it('ends with the summary, and drops anything that arrives after the run ended', () => {
    const summary: SummaryMessage = {
      type: 'summary',
      frames: 4,
      bytes: 406,
      tokens: [97, 98],
      generated: [99],
      millis: 5,
    };
    const state = run(
      ...twoLayersOneToken,
      { type: 'message', message: summary },
      { type: 'frame', frame: frame('late', 0, 1, 1, 9), at: 2000 },
    );
    expect(state.phase).toBe('done');
    expect(state.summary).toEqual(summary);
    expect(state.frames).toBe(4);
    expect(statusText(state)).toBe('Done: 4 frames, 406 B.');
  });

  it('goes from cancelling to cancelled, and a new start forgets the previous run', () => {
    const cancelled = run(
      ...twoLayersOneToken.slice(0, 3),
      { type: 'cancel' },
      { type: 'message', message: { type: 'cancelled' } },
    );
    expect(cancelled.phase).toBe('cancelled');
    expect(statusText(cancelled)).toBe('Cancelled after 1 frames, 100 B.');
    const again = streamReducer(cancelled, { type: 'start', request, at: 5000, connecting: false });
    expect(again).toMatchObject({ phase: 'streaming', connection: 'open', frames: 0, steps: [], startedAt: 5000 });
  });

  it('fails with the server problem, or with words for a connection that closed mid-run', () => {
    const problem = { status: 400, title: 'Unknown hook', detail: "No hook matches 'nope'" };
    expect(run(...twoLayersOneToken, { type: 'message', message: { type: 'error', problem } }).problem).toEqual(
      problem,
    );
    const closed = run(...twoLayersOneToken.slice(0, 1), { type: 'closed', code: 1006, reason: '' });
    expect(closed).toMatchObject({ phase: 'failed', connection: 'closed' });
    expect(closed.problem?.detail).toMatch(/refused or dropped/);
    // A close between runs is no failure.
    expect(run({ type: 'closed', code: 1000, reason: '' })).toMatchObject({ phase: 'idle', problem: null });
  });

  it('applies a batch like its actions one by one', () => {
    expect(run({ type: 'batch', actions: twoLayersOneToken })).toEqual(run(...twoLayersOneToken));
  });
});

describe('latestRows', () => {
  it('keeps the last rows across steps, in order', () => {
    const steps = run(...twoLayersOneToken).steps;
    expect(latestRows(steps, 3).map((s) => [s.step, s.rows.map((r) => r.index)])).toEqual([
      [0, [1]],
      [1, [2, 3]],
    ]);
    expect(latestRows(steps, 10).flatMap((s) => s.rows).length).toBe(4);
  });
});
