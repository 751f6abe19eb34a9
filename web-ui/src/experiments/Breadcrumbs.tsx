import { hashOf } from '../common/useHashRoute';

export interface BreadcrumbsProps {
  /** The experiment's owner and name; the last crumb, `current`, is the page itself (not a link). */
  owner: string;
  name: string;
  current?: string;
}

/** Experiments › owner/name › current: the way back up from a run or a diff. */
export function Breadcrumbs({ owner, name, current }: BreadcrumbsProps) {
  return (
    <nav aria-label="Breadcrumbs" className="breadcrumbs">
      <a href={hashOf('experiments')}>Experiments</a>
      <span aria-hidden="true"> › </span>
      {current ? (
        <a href={hashOf('experiments', owner, name)}>
          {owner}/{name}
        </a>
      ) : (
        <span aria-current="page">
          {owner}/{name}
        </span>
      )}
      {current && (
        <>
          <span aria-hidden="true"> › </span>
          <span aria-current="page">{current}</span>
        </>
      )}
    </nav>
  );
}

/** A run's status as a coloured badge: RUNNING, SUCCEEDED or FAILED. */
export function StatusBadge({ status }: { status?: string }) {
  return <span className={`status status-${(status ?? 'unknown').toLowerCase()}`}>{status ?? 'UNKNOWN'}</span>;
}
