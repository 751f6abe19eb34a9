import { useState } from 'react';
import type { Schemas } from '../api/client';
import { ProblemMessage } from '../common/ProblemMessage';
import { StateView } from '../common/StateView';
import { useAsync } from '../common/useAsync';
import { hashOf } from '../common/useHashRoute';
import { StatusBadge } from './Breadcrumbs';
import { definitionModel } from './definition';
import { experimentsApi } from './experimentsApi';
import { formatDuration, formatInstant, formatNumber } from './format';

type RunRecord = Schemas['RunRecord'];

export interface RunsPanelProps {
  owner: string;
  name: string;
  /** The version whose runs are listed, with its definition (re-run posts it again). */
  version: Schemas['VersionResponse'];
}

/** The runs of one version, with Re-run, Replay on another model, and picking two runs to compare. */
export function RunsPanel({ owner, name, version }: RunsPanelProps) {
  const sha256 = version.sha256 ?? '';
  const [runs, reload] = useAsync(() => experimentsApi.runs(owner, name, sha256), [owner, name, sha256]);
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string) =>
    setPicked((current) => (current.includes(id) ? current.filter((p) => p !== id) : [...current, id].slice(-2)));
  return (
    <section aria-labelledby="runs-heading">
      <h2 id="runs-heading">Runs</h2>
      <RunActions owner={owner} name={name} version={version} onRan={() => void reload()} />
      <StateView
        state={runs}
        what="the runs"
        isEmpty={(list) => list.length === 0}
        empty="This version has not run yet."
      >
        {(list) => (
          <>
            <RunsTable runs={list} picked={picked} onToggle={toggle} />
            <p className="row">
              {picked.length === 2 ? (
                <a className="button-link" href={hashOf('experiments', owner, name, 'diff', picked[0], picked[1])}>
                  Compare the two picked runs
                </a>
              ) : (
                <span className="hint">Pick two runs to compare them side by side ({picked.length} of 2 picked).</span>
              )}
            </p>
          </>
        )}
      </StateView>
    </section>
  );
}

interface RunActionsProps extends RunsPanelProps {
  onRan: () => void;
}

/** Re-run the version, or replay it on another resident model; says what came of it, or why it was refused. */
function RunActions({ owner, name, version, onRan }: RunActionsProps) {
  const [models] = useAsync(() => experimentsApi.models(), []);
  const ownModel = definitionModel(version.definition);
  const others =
    models.status === 'done' ? models.value.map((m) => m.name ?? '').filter((m) => m && m !== ownModel) : [];
  const [replayModel, setReplayModel] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ run?: RunRecord; error?: unknown } | null>(null);
  const chosenModel = others.includes(replayModel) ? replayModel : (others[0] ?? '');

  const act = async (start: () => Promise<RunRecord>) => {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ run: await start() });
      onRan();
    } catch (error) {
      setOutcome({ error });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel run-actions">
      <div className="row">
        <button type="button" disabled={busy} onClick={() => void act(() => experimentsApi.rerun(version.definition))}>
          Re-run
        </button>
        <span className="divider" aria-hidden="true" />
        <label htmlFor="replay-model">Replay on</label>
        <select
          id="replay-model"
          value={chosenModel}
          disabled={others.length === 0}
          onChange={(event) => setReplayModel(event.target.value)}
        >
          {others.length === 0 && <option value="">no other model is resident</option>}
          {others.map((model) => (
            <option key={model}>{model}</option>
          ))}
        </select>
        <button
          type="button"
          className="secondary"
          disabled={busy || !chosenModel}
          onClick={() => void act(() => experimentsApi.replay(owner, name, version.sha256 ?? '', chosenModel))}
        >
          Replay
        </button>
        {busy && (
          <span role="status" className="loading">
            Running…
          </span>
        )}
      </div>
      {outcome?.error !== undefined && <ProblemMessage error={outcome.error} action="Running the experiment" />}
      {outcome?.run && (
        <p role="status">
          Run <StatusBadge status={outcome.run.status} /> on {outcome.run.model}:{' '}
          <a
            href={hashOf(
              'experiments',
              outcome.run.owner ?? owner,
              outcome.run.experiment ?? name,
              'runs',
              outcome.run.id ?? '',
            )}
          >
            open the run
          </a>
          {outcome.run.owner !== owner &&
            ` (recorded as your own experiment ${outcome.run.owner}/${outcome.run.experiment})`}
        </p>
      )}
    </div>
  );
}

interface RunsTableProps {
  /** Oldest first, as the API lists them. */
  runs: RunRecord[];
  /** The ids picked for comparison (at most two). */
  picked: string[];
  onToggle: (id: string) => void;
}

function RunsTable({ runs, picked, onToggle }: RunsTableProps) {
  return (
    <table aria-label="Runs" className="runs-table">
      <caption>{runs.length === 1 ? '1 run' : `${runs.length} runs`}, oldest first</caption>
      <thead>
        <tr>
          <th scope="col">Compare</th>
          <th scope="col">Run</th>
          <th scope="col">Status</th>
          <th scope="col">Model</th>
          <th scope="col">Started</th>
          <th scope="col">Duration</th>
          <th scope="col">Metrics</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => {
          const id = run.id ?? '';
          return (
            <tr key={id}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Compare run ${id.slice(0, 8)}`}
                  checked={picked.includes(id)}
                  onChange={() => onToggle(id)}
                />
              </td>
              <th scope="row">
                <a className="mono" href={hashOf('experiments', run.owner ?? '', run.experiment ?? '', 'runs', id)}>
                  {id.slice(0, 8)}
                </a>
              </th>
              <td>
                <StatusBadge status={run.status} />
              </td>
              <td>
                {run.model}
                {run.replay && <span className="tag">replay</span>}
              </td>
              <td>{formatInstant(run.startedAt)}</td>
              <td className="number">{formatDuration(run.durationMs)}</td>
              <td>
                <MetricList metrics={run.metrics} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function MetricList({ metrics = {} }: { metrics?: Record<string, number> }) {
  const entries = Object.entries(metrics).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <span className="hint">none</span>;
  return (
    <ul className="metric-list">
      {entries.map(([metric, value]) => (
        <li key={metric}>
          <span className="mono">{metric}</span> = <span title={String(value)}>{formatNumber(value)}</span>
        </li>
      ))}
    </ul>
  );
}
