import type { PlaygroundPanelProps } from '../playground/panel';

/** Placeholder until the panel lands. */
export function DetectorPanel({ tokens }: PlaygroundPanelProps) {
  return <p className="empty">Not built yet ({tokens.length} tokens).</p>;
}
