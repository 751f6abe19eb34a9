import type { KeyboardEvent } from 'react';
import { textColorOn, sequentialColor, tokenBackground } from '../shared/colors';
import { visibleToken } from '../shared/visibleToken';

export interface TokenAttentionProps {
  /** The prompt's token texts, [pos]. */
  tokenStrings: string[];
  /** The weight that colours each token, [pos] in [0, 1]; null when no token is focused. */
  weights: ArrayLike<number> | null;
  /** The focused position, outlined; null for none. */
  focused: number | null;
  /** True while the focus is locked (clicked). */
  locked: boolean;
  /** The pointer entered a token (null: it left the prompt). */
  onHover: (position: number | null) => void;
  /** A token received keyboard (or click) focus. */
  onFocusToken: (position: number) => void;
  /** Clicking a token, or Enter/Space on it: lock or unlock the focus there. */
  onToggleLock: (position: number) => void;
}

/**
 * The prompt coloured by attention (CircuitsVis' token colouring): each token is a button whose background is its
 * weight. One Tab stop: the arrow keys, Home and End move between tokens and focus them.
 */
export function TokenAttention({
  tokenStrings,
  weights,
  focused,
  locked,
  onHover,
  onFocusToken,
  onToggleLock,
}: TokenAttentionProps) {
  const tabStop = focused ?? 0;
  const move = (event: KeyboardEvent<HTMLButtonElement>, position: number) => {
    const last = tokenStrings.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? position + 1
        : event.key === 'ArrowLeft'
          ? position - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    document.getElementById(tokenId(Math.min(last, Math.max(0, next))))?.focus();
  };
  return (
    <div
      className="attention-tokens"
      role="group"
      aria-label="Prompt tokens coloured by attention"
      onPointerLeave={() => onHover(null)}
    >
      {tokenStrings.map((text, position) => {
        const weight = weights?.[position] ?? 0;
        const background = sequentialColor(weight);
        return (
          <button
            key={position}
            id={tokenId(position)}
            type="button"
            className="token attention-token"
            style={{ background: tokenBackground(weight), color: textColorOn(background) }}
            aria-label={`position ${position}: ${visibleToken(text)}`}
            aria-pressed={locked && focused === position}
            data-focused={focused === position || undefined}
            tabIndex={position === tabStop ? 0 : -1}
            title={weights ? `${weight.toFixed(3)}` : undefined}
            onPointerEnter={() => onHover(position)}
            onFocus={() => onFocusToken(position)}
            onClick={() => onToggleLock(position)}
            onKeyDown={(event) => move(event, position)}
          >
            {visibleToken(text)}
          </button>
        );
      })}
    </div>
  );
}

function tokenId(position: number): string {
  return `attention-token-${position}`;
}
