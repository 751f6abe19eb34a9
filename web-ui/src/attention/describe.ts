import { visibleToken } from '../common/visibleToken';
import { attentionColumn, attentionRow, topPositions, type HeadPattern } from './pattern';

/** Which way a focused token's attention is read: its row (what it attends to) or its column (what attends to it). */
export type Direction = 'attends-to' | 'attended-by';

/** The weights that colour the prompt when `position` is focused: its row or its column of the pattern. */
export function focusWeights(pattern: HeadPattern, position: number, direction: Direction): Float32Array {
  return direction === 'attends-to' ? attentionRow(pattern, position) : attentionColumn(pattern, position);
}

/** A position with its token: 45 'x'. */
export function namePosition(position: number, tokenStrings: string[]): string {
  return `${position} '${visibleToken(tokenStrings[position] ?? '?')}'`;
}

/**
 * The text alternative of hovering a token: its `count` strongest links, e.g.
 * "position 45 'x' attends most to 6 'x' (0.93), then 5 'q' (0.03), 44 'x' (0.01)".
 */
export function describeFocus(
  pattern: HeadPattern,
  position: number,
  direction: Direction,
  tokenStrings: string[],
  count = 3,
): string {
  const [first, ...rest] = topPositions(focusWeights(pattern, position, direction), count);
  const link = ({ position: p, weight }: { position: number; weight: number }) =>
    `${namePosition(p, tokenStrings)} (${weight.toFixed(2)})`;
  const verb = direction === 'attends-to' ? 'attends most to' : 'is attended most by';
  const then = rest.length > 0 ? `, then ${rest.map(link).join(', ')}` : '';
  return `position ${namePosition(position, tokenStrings)} ${verb} ${link(first)}${then}`;
}
