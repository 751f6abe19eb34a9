import { StateView } from '../common/StateView';
import { useAsync } from '../common/useAsync';
import { hashOf } from '../common/useHashRoute';
import { experimentsApi } from './experimentsApi';
import { formatInstant } from './format';

/** Every experiment the caller may see: owner, name, visibility, versions and when it last ran, newest first. */
export function ExperimentList() {
  const [experiments] = useAsync(() => experimentsApi.list(), []);
  return (
    <section aria-labelledby="experiments-heading">
      <h1 id="experiments-heading">Experiments</h1>
      <StateView
        state={experiments}
        what="the experiments"
        isEmpty={(list) => list.length === 0}
        empty="No experiment yet. Log one with POST /api/v1/experiments/runs (a definition: model, inputs, steps, metrics)."
      >
        {(list) => {
          const sorted = [...list].sort((a, b) => (b.latestRunAt ?? '').localeCompare(a.latestRunAt ?? ''));
          return (
            <table aria-label="Experiments" className="experiments-table">
              <caption>{list.length === 1 ? '1 experiment' : `${list.length} experiments`}, latest run first</caption>
              <thead>
                <tr>
                  <th scope="col">Owner</th>
                  <th scope="col">Name</th>
                  <th scope="col">Visibility</th>
                  <th scope="col">Versions</th>
                  <th scope="col">Latest run</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((experiment) => (
                  <tr key={`${experiment.owner}/${experiment.name}`}>
                    <td>{experiment.owner}</td>
                    <th scope="row">
                      <a href={hashOf('experiments', experiment.owner ?? '', experiment.name ?? '')}>
                        {experiment.name}
                      </a>
                    </th>
                    <td>
                      {experiment.visibility}
                      {experiment.team && ` (${experiment.team})`}
                    </td>
                    <td className="number">{experiment.versions}</td>
                    <td>{formatInstant(experiment.latestRunAt)}</td>
                    <td>{formatInstant(experiment.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </StateView>
    </section>
  );
}
