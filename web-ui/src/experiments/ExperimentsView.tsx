import { ExperimentDetail } from './ExperimentDetail';
import { ExperimentList } from './ExperimentList';
import { RunDiffView } from './RunDiffView';
import { RunView } from './RunView';
import './experiments.css';

/**
 * The experiments view, routed by the hash segments after `#/experiments/`:
 * `[]` the list; `[owner, name]` an experiment (its latest version); `[owner, name, 'versions', sha256]` one version;
 * `[owner, name, 'runs', id]` a run; `[owner, name, 'diff', leftId, rightId]` two runs side by side.
 */
export function ExperimentsView({ route }: { route: string[] }) {
  return (
    <div className="experiments">
      <Routed route={route} />
    </div>
  );
}

function Routed({ route }: { route: string[] }) {
  const [owner, name, kind, first, second] = route;
  if (!owner || !name) return <ExperimentList />;
  if (kind === 'runs' && first) return <RunView owner={owner} name={name} id={first} />;
  if (kind === 'diff' && first && second) return <RunDiffView owner={owner} name={name} left={first} right={second} />;
  return <ExperimentDetail owner={owner} name={name} version={kind === 'versions' ? first : undefined} />;
}
