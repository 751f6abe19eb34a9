import type { Schemas } from '../api/client';
import { StateView } from '../common/StateView';
import { useAsync } from '../common/useAsync';
import { hashOf } from '../common/useHashRoute';
import { Breadcrumbs } from './Breadcrumbs';
import { describeDefinition, prettyJson } from './definition';
import { experimentsApi } from './experimentsApi';
import { formatInstant, shortHash } from './format';
import { RunsPanel } from './RunsPanel';

type Version = Schemas['VersionResponse'];

export interface ExperimentDetailProps {
  owner: string;
  name: string;
  /** The SHA-256 of the version to show; the latest when absent. */
  version?: string;
}

/** An experiment: its versions, and the chosen one's definition and runs. */
export function ExperimentDetail({ owner, name, version }: ExperimentDetailProps) {
  const [versions] = useAsync(() => experimentsApi.versions(owner, name), [owner, name]);
  return (
    <section aria-labelledby="experiment-heading">
      <Breadcrumbs owner={owner} name={name} />
      <h1 id="experiment-heading">
        {owner}/{name}
      </h1>
      <StateView state={versions} what="the versions" isEmpty={(list) => list.length === 0}>
        {(list) => {
          const chosen = list.find((v) => v.sha256 === version) ?? list[list.length - 1];
          return (
            <>
              {version && chosen.sha256 !== version && (
                <p className="problem" role="alert">
                  There is no version {shortHash(version)}; showing the latest.
                </p>
              )}
              <VersionsTable owner={owner} name={name} versions={list} chosen={chosen.sha256} />
              <VersionPanel owner={owner} name={name} version={chosen} />
            </>
          );
        }}
      </StateView>
    </section>
  );
}

interface VersionsTableProps {
  owner: string;
  name: string;
  /** Oldest first, as the API lists them. */
  versions: Version[];
  chosen?: string;
}

function VersionsTable({ owner, name, versions, chosen }: VersionsTableProps) {
  return (
    <table aria-label="Versions" className="versions-table">
      <caption>{versions.length === 1 ? '1 version' : `${versions.length} versions`}, oldest first</caption>
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Created</th>
          <th scope="col">Edited from</th>
          <th scope="col">Description</th>
        </tr>
      </thead>
      <tbody>
        {versions.map((v) => (
          <tr key={v.sha256} className={v.sha256 === chosen ? 'chosen' : undefined}>
            <th scope="row">
              <a
                className="mono"
                href={hashOf('experiments', owner, name, 'versions', v.sha256 ?? '')}
                aria-current={v.sha256 === chosen ? 'true' : undefined}
                title={v.sha256}
              >
                {shortHash(v.sha256)}
              </a>
            </th>
            <td>{formatInstant(v.createdAt)}</td>
            <td className="mono">{v.parent ? shortHash(v.parent) : '—'}</td>
            <td>{describeDefinition(v.definition)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function VersionPanel({ owner, name, version }: { owner: string; name: string; version: Version }) {
  const sha256 = version.sha256 ?? '';
  return (
    <>
      <h2>
        Version <span className="mono">{shortHash(sha256)}</span>
      </h2>
      <details className="definition" open>
        <summary>Definition ({describeDefinition(version.definition)})</summary>
        <pre aria-label="Definition JSON">{prettyJson(version.definition)}</pre>
      </details>
      <RunsPanel owner={owner} name={name} version={version} />
    </>
  );
}
