import type { Schemas } from '../api/client';

type RunDiff = Schemas['RunDiff'];
type Difference = Schemas['Difference'];

/** The parts of a RunDiff, in the order they are shown. */
export const DIFF_SECTIONS = [
  { key: 'definition', label: 'Definition' },
  { key: 'manifest', label: 'Manifest' },
  { key: 'results', label: 'Step results' },
  { key: 'metrics', label: 'Metrics' },
] as const;

export type DiffSectionKey = (typeof DIFF_SECTIONS)[number]['key'];

/** One section of a run diff, flattened for a table: equal, or its differences as path | kind | left | right. */
export interface DiffSection {
  key: DiffSectionKey;
  label: string;
  equal: boolean;
  /** How many differences the server counted (may exceed `rows.length` if it truncated the list). */
  count: number;
  rows: DiffRow[];
  numbersCompared: number;
  maxAbsoluteDifference: number;
}

export interface DiffRow {
  path: string;
  kind: NonNullable<Difference['kind']>;
  left: unknown;
  right: unknown;
}

/** The sections of a RunDiff, each with its differences as rows; a missing section counts as equal and empty. */
export function diffSections(diff: RunDiff): DiffSection[] {
  return DIFF_SECTIONS.map(({ key, label }) => {
    const report = diff[key] ?? {};
    const rows: DiffRow[] = (report.differences ?? []).map((difference) => ({
      path: difference.path ?? '',
      kind: difference.kind ?? 'CHANGED',
      left: difference.left,
      right: difference.right,
    }));
    return {
      key,
      label,
      equal: report.equal ?? rows.length === 0,
      count: report.differenceCount ?? rows.length,
      rows,
      numbersCompared: report.numbersCompared ?? 0,
      maxAbsoluteDifference: report.maxAbsoluteDifference ?? 0,
    };
  });
}

/** One metric of two runs side by side: its value in each (absent where a run lacks it) and right − left. */
export interface MetricPair {
  name: string;
  left?: number;
  right?: number;
  delta?: number;
}

/** The union of two runs' metric names, sorted, with both values and their difference where both exist. */
export function pairMetrics(left: Record<string, number> = {}, right: Record<string, number> = {}): MetricPair[] {
  const names = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
  return names.map((name) => {
    const a = left[name];
    const b = right[name];
    return { name, left: a, right: b, delta: a !== undefined && b !== undefined ? b - a : undefined };
  });
}
