import type { KeyboardEvent } from 'react';
import type { AsyncState } from '../common/useAsync';
import { PatternCanvas } from './PatternCanvas';
import { headLabel, type HeadPattern } from './pattern';

export interface HeadRef {
  layer: number;
  head: number;
}

export interface HeadGridProps {
  /** Each layer's heads' patterns, [layer] → [head], or the layer's loading state. */
  layers: AsyncState<HeadPattern[]>[];
  /** Heads per layer. */
  heads: number;
  selected: HeadRef;
  onSelect: (head: HeadRef) => void;
}

/** Thumbnails are 56 CSS px: two image pixels per CSS pixel stay sharp on high-density screens. */
const THUMBNAIL_PIXELS = 112;

const ARROWS: Record<string, [number, number]> = {
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
};

/**
 * A thumbnail of every head, one row per layer; a layer still loading (or failed) says so and shows empty thumbnails.
 * Each thumbnail is a button ("L1H3"), selectable before its layer arrives; the selected one is the only Tab stop, and
 * the arrow keys move the selection across heads (left/right) and layers (up/down).
 */
export function HeadGrid({ layers, heads, selected, onSelect }: HeadGridProps) {
  const move = (event: KeyboardEvent<HTMLElement>) => {
    const step = ARROWS[event.key];
    if (!step) return;
    event.preventDefault();
    const layer = Math.min(layers.length - 1, Math.max(0, selected.layer + step[0]));
    const head = Math.min(heads - 1, Math.max(0, selected.head + step[1]));
    onSelect({ layer, head });
    document.getElementById(headButtonId(layer, head))?.focus();
  };
  return (
    <div className="head-grid" role="group" aria-label="Heads">
      {layers.map((state, layer) => (
        <div className="head-row" key={layer} aria-busy={state.status === 'loading'}>
          <span className="head-layer">
            Layer {layer}
            {state.status !== 'done' && (
              <span className="head-layer-state">{state.status === 'error' ? 'failed' : 'loading…'}</span>
            )}
          </span>
          {Array.from({ length: heads }, (_, head) => {
            const label = headLabel(layer, head);
            const isSelected = layer === selected.layer && head === selected.head;
            const pattern = state.status === 'done' ? state.value[head] : undefined;
            return (
              <button
                key={label}
                id={headButtonId(layer, head)}
                type="button"
                className="head-thumb"
                aria-pressed={isSelected}
                tabIndex={isSelected ? 0 : -1}
                onClick={() => onSelect({ layer, head })}
                onKeyDown={move}
              >
                {pattern ? (
                  <PatternCanvas pattern={pattern} cssSize={56} resolution={THUMBNAIL_PIXELS} label="" />
                ) : (
                  <span className="head-thumb-pending" aria-hidden="true" />
                )}
                <span>{label}</span>
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}

function headButtonId(layer: number, head: number): string {
  return `head-thumb-${headLabel(layer, head)}`;
}
