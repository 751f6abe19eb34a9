import type { Problem } from '../api/client';
import type { ActivationFrame, ServerMessage, StreamRequest, SummaryMessage, TokenMessage } from './frames';
import { positionNorms } from './norms';

/** One arrived activation frame, as the table shows it (the tensor itself is reduced to its position norms). */
export interface FrameRow {
  index: number;
  name: string;
  layer: number | null;
  step: number;
  shape: number[];
  dtype: string;
  /** Frame size, header included. */
  bytes: number;
  /** Milliseconds from Start to its arrival. */
  arrivedMs: number;
  /** L2 norm per slice of dimension 1 of batch element 0: [pos], or [head] for attention scores and patterns. */
  norms: number[];
}

/** The frames of one pass: step 0 the prompt, step n the pass over the nth generated token. */
export interface StepState {
  step: number;
  /** The generated token this pass feeds (absent for the prompt pass). */
  token?: TokenMessage;
  rows: FrameRow[];
}

export type Phase = 'idle' | 'streaming' | 'cancelling' | 'done' | 'cancelled' | 'failed';
export type Connection = 'none' | 'connecting' | 'open' | 'closed';

export interface StreamState {
  phase: Phase;
  connection: Connection;
  request: StreamRequest | null;
  startedAt: number;
  steps: StepState[];
  frames: number;
  bytes: number;
  /** The largest position norm seen so far per hook name: the scale of that hook's norm strips. */
  maxNorm: Record<string, number>;
  summary: SummaryMessage | null;
  problem: Problem | null;
}

export type StreamAction =
  | { type: 'start'; request: StreamRequest; at: number; connecting: boolean }
  | { type: 'open' }
  | { type: 'frame'; frame: ActivationFrame; at: number }
  | { type: 'message'; message: ServerMessage }
  | { type: 'cancel' }
  | { type: 'closed'; code: number; reason: string }
  | { type: 'batch'; actions: StreamAction[] };

export const initialStreamState: StreamState = {
  phase: 'idle',
  connection: 'none',
  request: null,
  startedAt: 0,
  steps: [],
  frames: 0,
  bytes: 0,
  maxNorm: {},
  summary: null,
  problem: null,
};

const isRunning = (state: StreamState) => state.phase === 'streaming' || state.phase === 'cancelling';

/** Accumulates the stream's arrivals into per-step state; arrivals outside a run are dropped. */
export function streamReducer(state: StreamState, action: StreamAction): StreamState {
  switch (action.type) {
    case 'batch':
      return action.actions.reduce(streamReducer, state);
    case 'start':
      return {
        ...initialStreamState,
        phase: 'streaming',
        connection: action.connecting ? 'connecting' : state.connection,
        request: action.request,
        startedAt: action.at,
      };
    case 'open':
      return { ...state, connection: 'open' };
    case 'cancel':
      return state.phase === 'streaming' ? { ...state, phase: 'cancelling' } : state;
    case 'frame':
      return isRunning(state) ? addFrame(state, action.frame, action.at) : state;
    case 'message':
      return isRunning(state) ? onMessage(state, action.message) : state;
    case 'closed':
      return {
        ...state,
        connection: 'closed',
        ...(isRunning(state) && { phase: 'failed', problem: closedProblem(action.code, action.reason) }),
      };
  }
}

function addFrame(state: StreamState, frame: ActivationFrame, at: number): StreamState {
  const { header } = frame;
  const norms = positionNorms(frame.values, header.shape)[0] ?? [];
  const row: FrameRow = { ...header, bytes: frame.bytes, arrivedMs: at - state.startedAt, norms };
  const steps = [...state.steps];
  const last = steps[steps.length - 1];
  if (last?.step === header.step) steps[steps.length - 1] = { ...last, rows: [...last.rows, row] };
  else steps.push({ step: header.step, rows: [row] });
  return {
    ...state,
    steps,
    frames: state.frames + 1,
    bytes: state.bytes + frame.bytes,
    maxNorm: { ...state.maxNorm, [header.name]: Math.max(state.maxNorm[header.name] ?? 0, ...norms) },
  };
}

function onMessage(state: StreamState, message: ServerMessage): StreamState {
  switch (message.type) {
    case 'token':
      return { ...state, steps: [...state.steps, { step: message.step, token: message, rows: [] }] };
    case 'summary':
      return { ...state, phase: 'done', summary: message };
    case 'cancelled':
      return { ...state, phase: 'cancelled' };
    case 'error':
      return { ...state, phase: 'failed', problem: message.problem };
  }
}

function closedProblem(code: number, reason: string): Problem {
  return {
    status: 0,
    title: 'The connection closed during the run',
    detail:
      code === 1006
        ? 'The server refused or dropped the connection (code 1006). Check the key and that the server is running.'
        : `Close code ${code}${reason ? `: ${reason}` : ''}.`,
  };
}

/** The generated tokens so far, in order. */
export function generatedTokens(state: StreamState): TokenMessage[] {
  return state.steps.flatMap((step) => (step.token ? [step.token] : []));
}

/** The last `limit` rows, still grouped by step (a long generation keeps only its latest passes on screen). */
export function latestRows(steps: StepState[], limit: number): StepState[] {
  const shown: StepState[] = [];
  let room = limit;
  for (let i = steps.length - 1; i >= 0 && room > 0; i--) {
    const rows = steps[i].rows.slice(-room);
    shown.unshift({ ...steps[i], rows });
    room -= rows.length;
  }
  return shown;
}

/** The connection and run state in words (announced politely to screen readers). */
export function statusText(state: StreamState): string {
  const received = `${state.frames.toLocaleString('en')} frames, ${formatBytes(state.bytes)}`;
  if (state.connection === 'connecting') return 'Connecting to the activation stream…';
  switch (state.phase) {
    case 'idle':
      return state.connection === 'open' ? 'Connected; no run yet.' : 'Not connected. Start a run to connect.';
    case 'streaming':
      return `Streaming: ${received} so far, ${generatedTokens(state).length} tokens generated.`;
    case 'cancelling':
      return `Cancelling after ${received}…`;
    case 'done':
      return `Done: ${received}.`;
    case 'cancelled':
      return `Cancelled after ${received}.`;
    case 'failed':
      return `Failed after ${received}.`;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
