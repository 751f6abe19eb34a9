import { memo, useMemo, useRef, type KeyboardEvent } from 'react';
import { textColorOn, sequentialColor, tokenBackground } from '../common/colors';
import { visibleToken } from '../common/visibleToken';

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
  const move = (event: KeyboardEvent<HTMLElement>, position: number) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onToggleLock(position);
      return;
    }
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
  // Stable handlers for the memoised tokens: the parent passes new closures on every render.
  const latest = useRef({ onHover, onFocusToken, onToggleLock, move });
  latest.current = { onHover, onFocusToken, onToggleLock, move };
  const handlers = useMemo<TokenHandlers>(
    () => ({
      hover: (position) => latest.current.onHover(position),
      focus: (position) => latest.current.onFocusToken(position),
      toggle: (position) => latest.current.onToggleLock(position),
      keyDown: (event, position) => latest.current.move(event, position),
    }),
    [],
  );
  return (
    <div
      className="attention-tokens"
      role="group"
      aria-label="Prompt tokens coloured by attention"
      onPointerLeave={() => onHover(null)}
    >
      {tokenStrings.map((text, position) => {
        const weight = weights?.[position] ?? 0;
        return (
          <AttentionToken
            key={position}
            position={position}
            text={text}
            background={tokenBackground(weight)}
            color={textColorOn(sequentialColor(weight))}
            focused={focused === position}
            pressed={locked && focused === position}
            tabStop={position === tabStop}
            handlers={handlers}
          />
        );
      })}
    </div>
  );
}

interface TokenHandlers {
  hover: (position: number) => void;
  focus: (position: number) => void;
  toggle: (position: number) => void;
  keyDown: (event: KeyboardEvent<HTMLElement>, position: number) => void;
}

interface AttentionTokenProps {
  position: number;
  text: string;
  /** CSS colours of the token's weight. */
  background: string;
  color: string;
  focused: boolean;
  pressed: boolean;
  tabStop: boolean;
  handlers: TokenHandlers;
}

/**
 * One token. Memoised on primitive props, so that moving the focus re-renders only the tokens whose colour or state
 * changed (at 1,024 tokens, re-rendering all of them on every hover was most of its cost; see BENCHMARKS.md).
 */
const AttentionToken = memo(function AttentionToken({
  position,
  text,
  background,
  color,
  focused,
  pressed,
  tabStop,
  handlers,
}: AttentionTokenProps) {
  return (
    <span
      id={tokenId(position)}
      role="button"
      className="token attention-token"
      style={{ background, color }}
      aria-label={`position ${position}: ${visibleToken(text)}`}
      aria-pressed={pressed}
      data-focused={focused || undefined}
      tabIndex={tabStop ? 0 : -1}
      onPointerEnter={() => handlers.hover(position)}
      onFocus={() => handlers.focus(position)}
      onClick={() => handlers.toggle(position)}
      onKeyDown={(event) => handlers.keyDown(event, position)}
    >
      {visibleToken(text)}
    </span>
  );
});

function tokenId(position: number): string {
  return `attention-token-${position}`;
}
