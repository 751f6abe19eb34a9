import { useEffect, useState, type FormEvent } from 'react';
import { api, call, runModel, type Schemas } from '../api/client';
import { ProblemMessage } from '../common/ProblemMessage';
import { StateView } from '../common/StateView';
import { useAsync } from '../common/useAsync';
import { hashOf } from '../common/useHashRoute';
import { AttentionPanel } from '../attention/AttentionPanel';
import { LogitLensPanel } from '../logitlens/LogitLensPanel';
import { ResidualPanel } from '../residual/ResidualPanel';
import { DetectorPanel } from '../detectors/DetectorPanel';
import type { PlaygroundPanelProps } from './panel';
import { Predictions } from './Predictions';
import { TokenStrip } from './TokenStrip';
import { repeatedRandomText } from './randomText';

type Model = Schemas['ModelResponse'];
type RunResponse = Schemas['RunResponse'];

const PANELS = [
  { id: 'attention', label: 'Attention', Panel: AttentionPanel },
  { id: 'logit-lens', label: 'Logit lens', Panel: LogitLensPanel },
  { id: 'residual', label: 'Residual & logit attribution', Panel: ResidualPanel },
  { id: 'detectors', label: 'Head detectors', Panel: DetectorPanel },
] as const;

/** Type a prompt for a model; see its tokens, the next-token predictions, and the interpretability panels. */
export function PlaygroundView({ route }: { route: string[] }) {
  const [models] = useAsync(() => call(api.GET('/api/v1/models')), []);
  return (
    <section aria-labelledby="playground-heading">
      <h1 id="playground-heading">Playground</h1>
      <StateView
        state={models}
        what="the models"
        isEmpty={(list) => list.length === 0}
        empty="No model is resident, so there is nothing to run."
      >
        {(list) => <Playground models={list} initialModel={route[0]} />}
      </StateView>
    </section>
  );
}

interface PlaygroundProps {
  models: Model[];
  initialModel?: string;
}

function Playground({ models, initialModel }: PlaygroundProps) {
  const names = models.map((model) => model.name ?? '');
  const [modelName, setModelName] = useState(initialModel && names.includes(initialModel) ? initialModel : names[0]);
  const [prompt, setPrompt] = useState('When Mary and John went to the store, John gave a drink to');
  const [seed, setSeed] = useState(1);
  const [run, setRun] = useState<{ model: Model & { name: string }; response: RunResponse } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  const [panel, setPanel] = useState<(typeof PANELS)[number]['id']>('attention');

  useEffect(() => {
    if (initialModel && names.includes(initialModel)) setModelName(initialModel);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialModel]);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const model = models.find((m) => m.name === modelName);
    if (!model?.name) return;
    setRunning(true);
    setError(null);
    try {
      const response = await runModel(model.name, { text: prompt, topK: 5 });
      setRun({ model: { ...model, name: model.name }, response });
      window.history.replaceState(null, '', hashOf('playground', model.name));
    } catch (cause) {
      setError(cause);
    } finally {
      setRunning(false);
    }
  };

  const panelProps: PlaygroundPanelProps | null =
    run && run.response.tokens?.[0]
      ? {
          model: run.model,
          tokens: run.response.tokens[0],
          tokenStrings: run.response.tokenStrings?.[0] ?? run.response.tokens[0].map(String),
        }
      : null;

  return (
    <>
      <form className="panel" onSubmit={submit} aria-label="Run a prompt">
        <div className="row">
          <label htmlFor="playground-model">Model</label>
          <select id="playground-model" value={modelName} onChange={(event) => setModelName(event.target.value)}>
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="row" style={{ marginTop: '0.5rem' }}>
          <label htmlFor="playground-prompt">Prompt</label>
          <textarea
            id="playground-prompt"
            rows={3}
            cols={80}
            value={prompt}
            onChange={(event) => setPrompt(event.target.value)}
          />
        </div>
        <div className="row" style={{ marginTop: '0.5rem' }}>
          <button type="submit" disabled={running || prompt.length === 0}>
            {running ? 'Running…' : 'Run'}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setPrompt(repeatedRandomText(40, seed));
              setSeed(seed + 1);
            }}
          >
            Repeated random sequence
          </button>
        </div>
      </form>
      {error !== null && <ProblemMessage error={error} action="Running the model" />}
      {run && panelProps && (
        <>
          <section aria-labelledby="tokens-heading">
            <h2 id="tokens-heading">
              {panelProps.tokens.length} tokens on <span className="mono">{run.model.name}</span>
            </h2>
            <TokenStrip tokens={panelProps.tokens} tokenStrings={panelProps.tokenStrings} />
            <Predictions predictions={run.response.predictions?.[0] ?? []} tokenStrings={panelProps.tokenStrings} />
          </section>
          <div className="tabs" role="tablist" aria-label="Analyses">
            {PANELS.map(({ id, label }) => (
              <button
                key={id}
                type="button"
                role="tab"
                id={`tab-${id}`}
                aria-selected={panel === id}
                aria-controls={`panel-${id}`}
                tabIndex={panel === id ? 0 : -1}
                onClick={() => setPanel(id)}
                onKeyDown={(event) => {
                  const index = PANELS.findIndex((p) => p.id === panel);
                  const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
                  if (step !== 0) {
                    const nextPanel = PANELS[(index + step + PANELS.length) % PANELS.length];
                    setPanel(nextPanel.id);
                    document.getElementById(`tab-${nextPanel.id}`)?.focus();
                  }
                }}
              >
                {label}
              </button>
            ))}
          </div>
          {PANELS.filter(({ id }) => id === panel).map(({ id, Panel }) => (
            <div
              key={`${id}-${run.model.name}-${panelProps.tokens.join(',')}`}
              role="tabpanel"
              id={`panel-${id}`}
              aria-labelledby={`tab-${id}`}
            >
              <Panel {...panelProps} />
            </div>
          ))}
        </>
      )}
    </>
  );
}
