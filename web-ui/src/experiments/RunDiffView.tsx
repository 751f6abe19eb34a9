import type { Schemas } from '../api/client';
import { StateView } from '../common/StateView';
import { useAsync } from '../common/useAsync';
import { hashOf } from '../common/useHashRoute';
import { Breadcrumbs, StatusBadge } from './Breadcrumbs';
import { diffSections, pairMetrics, type DiffSection } from './diff';
import { experimentsApi } from './experimentsApi';
import { formatJsonValue, formatNumber } from './format';

type RunRecord = Schemas['RunRecord'];

export interface RunDiffViewProps {
  owner: string;
  name: string;
  /** The UUIDs of the two runs, left and right. */
  left: string;
  right: string;
}

/** Two runs side by side: their metrics, and how their definitions, manifests, results and metrics differ. */
export function RunDiffView({ owner, name, left, right }: RunDiffViewProps) {
  const [state] = useAsync(
    () => Promise.all([experimentsApi.diff(left, right), experimentsApi.run(left), experimentsApi.run(right)]),
    [left, right],
  );
  const title = `run ${left.slice(0, 8)} vs ${right.slice(0, 8)}`;
  return (
    <section aria-labelledby="diff-heading">
      <Breadcrumbs owner={owner} name={name} current={title} />
      <h1 id="diff-heading">
        Run <span className="mono">{left.slice(0, 8)}</span> vs <span className="mono">{right.slice(0, 8)}</span>
      </h1>
      <StateView state={state} what="the comparison">
        {([diff, leftRun, rightRun]) => (
          <>
            <MetricsSideBySide left={leftRun} right={rightRun} />
            <h2>Differences</h2>
            {diffSections(diff).map((section) => (
              <DiffSectionView key={section.key} section={section} />
            ))}
          </>
        )}
      </StateView>
    </section>
  );
}

function RunHeader({ run }: { run: RunRecord }) {
  return (
    <>
      <a className="mono" href={hashOf('experiments', run.owner ?? '', run.experiment ?? '', 'runs', run.id ?? '')}>
        {(run.id ?? '').slice(0, 8)}
      </a>{' '}
      <StatusBadge status={run.status} />
      <div className="hint">{run.model}</div>
    </>
  );
}

function MetricsSideBySide({ left, right }: { left: RunRecord; right: RunRecord }) {
  const pairs = pairMetrics(left.metrics, right.metrics);
  return (
    <>
      <h2>Metrics side by side</h2>
      {pairs.length === 0 ? (
        <p className="empty">Neither run has metrics.</p>
      ) : (
        <table aria-label="Metrics side by side" className="metrics-table">
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">
                Left: <RunHeader run={left} />
              </th>
              <th scope="col">
                Right: <RunHeader run={right} />
              </th>
              <th scope="col">Right − left</th>
            </tr>
          </thead>
          <tbody>
            {pairs.map((pair) => (
              <tr key={pair.name}>
                <th scope="row" className="mono">
                  {pair.name}
                </th>
                <td className="number">{formatNumber(pair.left)}</td>
                <td className="number">{formatNumber(pair.right)}</td>
                <td className="number">{formatNumber(pair.delta)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** One section of the diff: "equal", or its differences as path | change | left | right. */
function DiffSectionView({ section }: { section: DiffSection }) {
  const headingId = `diff-${section.key}`;
  return (
    <section aria-labelledby={headingId} className="diff-section">
      <h3 id={headingId}>
        {section.label}{' '}
        <span className={section.equal ? 'tag tag-equal' : 'tag tag-differs'}>
          {section.equal ? 'equal' : `${section.count} difference${section.count === 1 ? '' : 's'}`}
        </span>
      </h3>
      {!section.equal && section.rows.length > 0 && (
        <div className="scroll">
          <table aria-label={`Differences in ${section.label.toLowerCase()}`} className="diff-table">
            <colgroup>
              <col className="path" />
              <col className="change" />
              <col />
              <col />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Path</th>
                <th scope="col">Change</th>
                <th scope="col">Left</th>
                <th scope="col">Right</th>
              </tr>
            </thead>
            <tbody>
              {section.rows.map((row) => (
                <tr key={`${row.kind}:${row.path}`} className={`kind-${row.kind.toLowerCase()}`}>
                  <th scope="row" className="mono">
                    {row.path}
                  </th>
                  <td>{row.kind.toLowerCase()}</td>
                  <td className="mono">{formatJsonValue(row.left)}</td>
                  <td className="mono">{formatJsonValue(row.right)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!section.equal && section.rows.length < section.count && (
        <p className="hint">
          Showing {section.rows.length} of {section.count} differences.
        </p>
      )}
    </section>
  );
}
