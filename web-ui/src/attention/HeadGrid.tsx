import type { KeyboardEvent } from 'react';
import { PatternCanvas } from './PatternCanvas';
import { headLabel, type HeadPattern } from './pattern';

export interface HeadRef {
  layer: number;
  head: number;
}

export interface HeadGridProps {
  /** Every head's pattern, [layer][head]. */
  layers: HeadPattern[][];
  selected: HeadRef;
  onSelect: (head: HeadRef) => void;
}

const ARROWS: Record<string, [number, number]> = {
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
};

/**
 * A thumbnail of every head, one row per layer. Each thumbnail is a button ("L1H3"); the selected one is the only
 * Tab stop, and the arrow keys move the selection across heads (left/right) and layers (up/down).
 */
export function HeadGrid({ layers, selected, onSelect }: HeadGridProps) {
  const move = (event: KeyboardEvent<HTMLElement>) => {
    const step = ARROWS[event.key];
    if (!step) return;
    event.preventDefault();
    const layer = Math.min(layers.length - 1, Math.max(0, selected.layer + step[0]));
    const head = Math.min(layers[layer].length - 1, Math.max(0, selected.head + step[1]));
    onSelect({ layer, head });
    document.getElementById(headButtonId(layer, head))?.focus();
  };
  return (
    <div className="head-grid" role="group" aria-label="Heads">
      {layers.map((heads, layer) => (
        <div className="head-row" key={layer}>
          <span className="head-layer">Layer {layer}</span>
          {heads.map((pattern) => {
            const label = headLabel(pattern.layer, pattern.head);
            const isSelected = pattern.layer === selected.layer && pattern.head === selected.head;
            return (
              <button
                key={label}
                id={headButtonId(pattern.layer, pattern.head)}
                type="button"
                className="head-thumb"
                aria-pressed={isSelected}
                tabIndex={isSelected ? 0 : -1}
                onClick={() => onSelect({ layer: pattern.layer, head: pattern.head })}
                onKeyDown={move}
              >
                <PatternCanvas pattern={pattern} cssSize={56} label="" />
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
