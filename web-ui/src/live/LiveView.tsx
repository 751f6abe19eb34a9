import { useState, type FormEvent } from 'react';
import { api, ApiError, call, type Schemas } from '../api/client';
import { ProblemMessage } from '../common/ProblemMessage';
import { StateView } from '../common/StateView';
import { useAsync } from '../common/useAsync';
import { visibleToken } from '../common/visibleToken';
import { FrameTable } from './FrameTable';
import type { StreamDtype, StreamRequest, SummaryMessage } from './frames';
import { formatBytes, generatedTokens, statusText, type StreamState } from './streamState';
import { useActivationStream } from './useActivationStream';
import './live.css';

type Model = Schemas['ModelResponse'];

/** The per-layer hooks offered as checkboxes: each selects that hook of every block. */
const LAYER_HOOKS = [
  { pattern: 'blocks.*.hook_resid_pre', label: 'resid_pre' },
  { pattern: 'blocks.*.hook_attn_out', label: 'attn_out' },
  { pattern: 'blocks.*.hook_mlp_out', label: 'mlp_out' },
  { pattern: 'blocks.*.hook_resid_post', label: 'resid_post' },
] as const;

/** Stream a run over the activation WebSocket and watch each hook's activation arrive. */
export function LiveView() {
  const [models] = useAsync(() => call(api.GET('/api/v1/models')), []);
  return (
    <section aria-labelledby="live-heading">
      <h1 id="live-heading">Live activations</h1>
      <p className="live-intro">
        Runs a prompt over the activation stream: every selected hook sends its activation the moment it fires, first
        for the prompt pass, then for the pass over each generated token.
      </p>
      <StateView
        state={models}
        what="the models"
        isEmpty={(list) => list.length === 0}
        empty="No model is resident, so there is nothing to stream."
      >
        {(list) => <LiveRun models={list} />}
      </StateView>
    </section>
  );
}

/** The request form, the stream's state and what has arrived, for the resident `models`. */
export function LiveRun({ models }: { models: Model[] }) {
  const { state, start, cancel } = useActivationStream();
  const running = state.phase === 'streaming' || state.phase === 'cancelling';
  return (
    <>
      <RequestForm
        models={models}
        running={running}
        onStart={start}
        onCancel={cancel}
        cancelling={state.phase === 'cancelling'}
      />
      <p className={`live-status phase-${state.phase}`} role="status" aria-live="polite">
        {statusText(state)}
      </p>
      {state.problem && <ProblemMessage error={new ApiError(state.problem)} action="The stream" />}
      {state.request?.generate && <GeneratedTokens state={state} />}
      {state.summary && <Summary summary={state.summary} />}
      {state.frames > 0 && <FrameTable steps={state.steps} frames={state.frames} maxNorm={state.maxNorm} />}
    </>
  );
}

interface RequestFormProps {
  models: Model[];
  running: boolean;
  cancelling: boolean;
  onStart: (request: StreamRequest) => void;
  onCancel: () => void;
}

function RequestForm({ models, running, cancelling, onStart, onCancel }: RequestFormProps) {
  const [modelName, setModelName] = useState(models[0]?.name ?? '');
  const [prompt, setPrompt] = useState('The quick brown fox');
  const [layerHooks, setLayerHooks] = useState<string[]>(['blocks.*.hook_resid_post']);
  const [moreHooks, setMoreHooks] = useState('');
  const [dtype, setDtype] = useState<StreamDtype>('float32');
  const [newTokens, setNewTokens] = useState(8);
  const model = models.find((m) => m.name === modelName);
  const hooks = [...layerHooks, ...moreHooks.split(/[\s,]+/).filter((hook) => hook.length > 0)];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onStart({
      model: modelName,
      text: prompt,
      hooks,
      dtype,
      ...(newTokens > 0 && { generate: { maxNewTokens: newTokens } }),
    });
  };
  const toggle = (pattern: string, on: boolean) =>
    setLayerHooks((current) => (on ? [...current, pattern] : current.filter((p) => p !== pattern)));

  return (
    <form className="panel live-form" onSubmit={submit} aria-label="Run request">
      <div className="row">
        <label htmlFor="live-model">Model</label>
        <select id="live-model" value={modelName} onChange={(event) => setModelName(event.target.value)}>
          {models.map((m) => (
            <option key={m.name} value={m.name}>
              {m.name}
            </option>
          ))}
        </select>
        {model && (
          <span className="muted">
            {model.layers} layers × {model.heads} heads, d_model {model.dModel}, context {model.contextLength}
          </span>
        )}
      </div>
      <div className="row">
        <label htmlFor="live-prompt">Prompt</label>
        <textarea
          id="live-prompt"
          rows={2}
          cols={70}
          value={prompt}
          onChange={(event) => setPrompt(event.target.value)}
        />
      </div>
      <fieldset className="row">
        <legend>Hooks of every layer</legend>
        {LAYER_HOOKS.map(({ pattern, label }) => (
          <label key={pattern} className="check">
            <input
              type="checkbox"
              checked={layerHooks.includes(pattern)}
              onChange={(event) => toggle(pattern, event.target.checked)}
            />
            <span className="mono">{label}</span>
          </label>
        ))}
        <span className="more-hooks">
          <label htmlFor="live-more-hooks">More hooks</label>
          <input
            id="live-more-hooks"
            className="mono"
            size={40}
            placeholder="names or patterns, e.g. logits, blocks.0.attn.*"
            value={moreHooks}
            onChange={(event) => setMoreHooks(event.target.value)}
          />
        </span>
      </fieldset>
      <div className="row">
        <label htmlFor="live-dtype">dtype</label>
        <select id="live-dtype" value={dtype} onChange={(event) => setDtype(event.target.value as StreamDtype)}>
          <option value="float32">float32</option>
          <option value="float16">float16</option>
        </select>
        <label htmlFor="live-new-tokens">New tokens</label>
        <input
          id="live-new-tokens"
          type="number"
          min={0}
          max={1024}
          value={newTokens}
          onChange={(event) => setNewTokens(Math.max(0, Math.floor(Number(event.target.value) || 0)))}
        />
        <span className="muted">{newTokens === 0 ? 'prompt pass only' : 'greedy, one pass per token'}</span>
      </div>
      <div className="row">
        <button type="submit" disabled={running || prompt.length === 0 || hooks.length === 0}>
          Start
        </button>
        <button type="button" className="secondary" disabled={!running || cancelling} onClick={onCancel}>
          Cancel
        </button>
        {hooks.length === 0 && <span className="muted">Choose at least one hook.</span>}
      </div>
    </form>
  );
}

function GeneratedTokens({ state }: { state: StreamState }) {
  const tokens = generatedTokens(state);
  const running = state.phase === 'streaming' || state.phase === 'cancelling';
  return (
    <section aria-labelledby="live-generated-heading">
      <h2 id="live-generated-heading">Generated tokens</h2>
      <p className="token-strip generated-strip">
        <span className="prompt">{state.request?.text}</span>
        {tokens.length === 0 && <span className="muted"> {running ? '(none yet)' : '(none)'}</span>}
        {tokens.map((token) => (
          <span
            key={token.step}
            className="token chip generated"
            title={`step ${token.step}, token id ${token.tokenId}`}
          >
            {visibleToken(token.text)}
          </span>
        ))}
      </p>
    </section>
  );
}

function Summary({ summary }: { summary: SummaryMessage }) {
  return (
    <section className="panel live-summary" aria-labelledby="live-summary-heading">
      <h2 id="live-summary-heading">Summary</h2>
      <dl>
        <dt>Frames</dt>
        <dd>{summary.frames.toLocaleString('en')}</dd>
        <dt>Bytes</dt>
        <dd>{formatBytes(summary.bytes)}</dd>
        <dt>Prompt tokens</dt>
        <dd>{summary.tokens.length}</dd>
        {summary.generated && (
          <>
            <dt>Generated tokens</dt>
            <dd>{summary.generated.length}</dd>
          </>
        )}
        <dt>Server time</dt>
        <dd>{summary.millis} ms</dd>
      </dl>
    </section>
  );
}
