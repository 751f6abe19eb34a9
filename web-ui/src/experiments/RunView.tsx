import type { Schemas } from '../api/client';
import { StateView } from '../common/StateView';
import { useAsync } from '../common/useAsync';
import { hashOf } from '../common/useHashRoute';
import { formatBytes, sortArtifacts } from './artifacts';
import { Breadcrumbs, StatusBadge } from './Breadcrumbs';
import { prettyJson } from './definition';
import { experimentsApi } from './experimentsApi';
import { formatDuration, formatInstant, formatNumber, shortHash } from './format';
import { PlotImage } from './PlotImage';

type RunRecord = Schemas['RunRecord'];

export interface RunViewProps {
  owner: string;
  name: string;
  /** The run's UUID. */
  id: string;
}

/** One run: status, error, metrics, plots, steps and manifest. */
export function RunView({ owner, name, id }: RunViewProps) {
  const [run] = useAsync(() => experimentsApi.run(id), [id]);
  return (
    <section aria-labelledby="run-heading">
      <Breadcrumbs owner={owner} name={name} current={`run ${id.slice(0, 8)}`} />
      <h1 id="run-heading">
        Run <span className="mono">{id.slice(0, 8)}</span>
      </h1>
      <StateView state={run} what="the run">
        {(record) => <RunDetails run={record} />}
      </StateView>
    </section>
  );
}

function RunDetails({ run }: { run: RunRecord }) {
  const id = run.id ?? '';
  const { images, plotData, other } = sortArtifacts(run.artifacts);
  const steps = Array.isArray(run.steps) ? (run.steps as StepRecord[]) : [];
  return (
    <>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={run.status} />
        </dd>
        <dt>Model</dt>
        <dd>
          {run.model}
          {run.replay && <span className="tag">replay</span>}
        </dd>
        <dt>Version</dt>
        <dd>
          <a
            className="mono"
            href={hashOf('experiments', run.owner ?? '', run.experiment ?? '', 'versions', run.version ?? '')}
          >
            {shortHash(run.version)}
          </a>
        </dd>
        <dt>Started</dt>
        <dd>{formatInstant(run.startedAt)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(run.durationMs)}</dd>
      </dl>
      {run.status === 'FAILED' && (
        <div className="problem" role="alert">
          <strong>The run failed. </strong>
          {run.error ?? 'The server gave no reason.'}
        </div>
      )}
      <h2>Metrics</h2>
      <MetricsTable metrics={run.metrics} />
      {images.length > 0 && (
        <>
          <h2>Plots</h2>
          <div className="plots">
            {images.map((artifact) => (
              <PlotImage key={artifact.name} runId={id} name={artifact.name ?? ''} />
            ))}
          </div>
        </>
      )}
      {plotData.length + other.length > 0 && <ArtifactList artifacts={[...plotData, ...other]} />}
      <h2>Steps</h2>
      {steps.length === 0 ? (
        <p className="empty">No step completed.</p>
      ) : (
        steps.map((step) => <StepDetails key={step.id} step={step} />)
      )}
      <h2>Manifest</h2>
      <details>
        <summary>How the run was made (engine, model and tokenizer hashes, dtype, device, seed)</summary>
        <pre aria-label="Manifest JSON">{prettyJson(run.manifest)}</pre>
      </details>
      {run.profile != null && (
        <details>
          <summary>Profile of one forward pass</summary>
          <pre>{prettyJson(run.profile)}</pre>
        </details>
      )}
    </>
  );
}

/** A completed step as the RunRecord holds it: its result inline, or the hash of an artifact when it was large. */
interface StepRecord {
  id?: string;
  tool?: string;
  method?: string;
  wallNanos?: number;
  result?: unknown;
  artifact?: string;
}

function StepDetails({ step }: { step: StepRecord }) {
  return (
    <details className="step">
      <summary>
        <span className="mono">{step.id}</span> — {step.tool}.{step.method}
        {step.wallNanos != null && <span className="hint"> ({formatDuration(step.wallNanos / 1e6)})</span>}
      </summary>
      {step.artifact ? (
        <p>
          The result was large, so it is kept as an artifact (<span className="mono">{shortHash(step.artifact)}</span>);
          see the artifacts above.
        </p>
      ) : (
        <pre aria-label={`Result of step ${step.id}`}>{prettyJson(step.result)}</pre>
      )}
    </details>
  );
}

/** A run's metrics by name, as a table. */
export function MetricsTable({ metrics = {} }: { metrics?: Record<string, number> }) {
  const entries = Object.entries(metrics).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="empty">This run has no metrics.</p>;
  return (
    <table aria-label="Metrics" className="metrics-table">
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {entries.map(([metric, value]) => (
          <tr key={metric}>
            <th scope="row" className="mono">
              {metric}
            </th>
            <td className="number" title={String(value)}>
              {formatNumber(value)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ArtifactList({ artifacts }: { artifacts: Schemas['NamedArtifact'][] }) {
  return (
    <>
      <h2>Data artifacts</h2>
      <table aria-label="Data artifacts">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Size</th>
            <th scope="col">SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {artifacts.map((artifact) => (
            <tr key={artifact.name}>
              <td className="mono">{artifact.name}</td>
              <td>{artifact.ref?.mediaType}</td>
              <td className="number">{formatBytes(artifact.ref?.sizeBytes)}</td>
              <td className="mono" title={artifact.ref?.sha256}>
                {shortHash(artifact.ref?.sha256)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
