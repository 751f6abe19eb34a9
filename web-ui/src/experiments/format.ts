/** Formatting of run and version fields for tables: hashes, durations, instants, numbers and JSON values. */

/** The first `length` characters of a SHA-256, enough to tell versions apart at a glance. */
export function shortHash(sha256: string | undefined, length = 12): string {
  return (sha256 ?? '').slice(0, length);
}

/** A duration in words: "850 ms", "1.63 s", "2 min 5 s"; "—" while unknown (a run still running). */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toPrecision(3)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** An ISO instant as "2026-11-26 23:04:19 UTC" (UTC, so that every reader sees the same time); "—" when absent. */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A metric: four significant digits, scientific notation for very small or large magnitudes. */
export function formatNumber(value: number | null | undefined): string {
  if (value == null) return '—';
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6)) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}

/** A JSON value of a diff cell: numbers formatted, strings as they are, absent as "—", others as short JSON. */
export function formatJsonValue(value: unknown, maxLength = 120): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  const json = JSON.stringify(value);
  return json.length > maxLength ? `${json.slice(0, maxLength - 1)}…` : json;
}
