import { useMemo, useState, type KeyboardEvent } from 'react';
import type { PlaygroundPanelProps } from '../playground/panel';
import { StateView } from '../common/StateView';
import { describeFocus, focusWeights, namePosition, type Direction } from './describe';
import { HeadGrid, type HeadRef } from './HeadGrid';
import { promptKey } from './layerLoading';
import { PatternCanvas } from './PatternCanvas';
import { TokenAttention } from './TokenAttention';
import { headLabel, type Cell, type HeadPattern } from './pattern';
import { useLayerPatterns } from './useLayerPatterns';
import './attention.css';

/** CircuitsVis-style attention patterns of every head for the playground's prompt, fetched layer by layer. */
export function AttentionPanel(props: PlaygroundPanelProps) {
  const layerCount = props.model.layers ?? 0;
  if (layerCount === 0) {
    return <p className="empty">The model reports no layers, so there are no attention patterns to show.</p>;
  }
  // Another prompt starts afresh: its own layers, selection and focus.
  return <LayeredAttention key={promptKey(props.model.name, props.tokens)} {...props} layerCount={layerCount} />;
}

function LayeredAttention({ model, tokens, tokenStrings, layerCount }: PlaygroundPanelProps & { layerCount: number }) {
  const [selected, setSelected] = useState<HeadRef>({ layer: 0, head: 0 });
  const layers = useLayerPatterns(model.name, tokens, layerCount, selected.layer);
  const loaded = layers.find((state) => state.status === 'done');
  const heads = model.heads ?? (loaded?.status === 'done' ? loaded.value.length : 0);
  return (
    <div className="attention-panel attention-layout">
      <HeadGrid layers={layers} heads={heads} selected={selected} onSelect={setSelected} />
      <StateView state={layers[selected.layer]} what={`the attention patterns of layer ${selected.layer}`}>
        {(patterns) => <HeadExplorer pattern={patterns[selected.head]} tokenStrings={tokenStrings} />}
      </StateView>
    </div>
  );
}

interface HeadExplorerProps {
  /** The selected head's pattern, [query_pos x key_pos], rows summing to 1. */
  pattern: HeadPattern;
  /** The prompt's token texts, [pos]. */
  tokenStrings: string[];
}

const CELL_KEYS: Record<string, [number, number]> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

/** One head's pattern, the prompt coloured by it, and its description in words; hover, keys and a lock. */
function HeadExplorer({ pattern, tokenStrings }: HeadExplorerProps) {
  const [direction, setDirection] = useState<Direction>('attends-to');
  const [hovered, setHovered] = useState<number | null>(null);
  const [locked, setLocked] = useState<number | null>(null);
  const [cell, setCell] = useState<Cell | null>(null);

  const label = headLabel(pattern.layer, pattern.head);
  const position = locked ?? hovered;
  const weights = useMemo(
    () => (position === null ? null : focusWeights(pattern, position, direction)),
    [pattern, position, direction],
  );
  const positionOf = (c: Cell) => (direction === 'attends-to' ? c.query : c.key);
  const toggleLock = (p: number) => setLocked(locked === p ? null : p);

  const hoverCell = (c: Cell | null) => {
    setCell(c);
    if (locked === null) setHovered(c && positionOf(c));
  };
  const moveCell = (event: KeyboardEvent<HTMLCanvasElement>) => {
    const current = cell ?? { query: position ?? 0, key: 0 };
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      toggleLock(positionOf(current));
      return;
    }
    const step = CELL_KEYS[event.key];
    if (!step) return;
    event.preventDefault();
    const clamp = (v: number) => Math.min(pattern.size - 1, Math.max(0, v));
    const next = { query: clamp(current.query + step[0]), key: clamp(current.key + step[1]) };
    setCell(next);
    setLocked(null);
    setHovered(positionOf(next));
  };

  return (
    <>
      <figure className="attention-main">
        <figcaption>
          <strong>{label}</strong>: rows are queries (destination), columns are keys (source)
        </figcaption>
        <PatternCanvas
          pattern={pattern}
          cssSize={440}
          label={`Attention pattern of ${label}, ${pattern.size} queries by ${pattern.size} keys. Arrow keys move a cell, Enter locks it.`}
          highlight={position === null ? null : { axis: direction === 'attends-to' ? 'row' : 'column', position }}
          cell={cell}
          onHover={hoverCell}
          onClick={(c) => toggleLock(positionOf(c))}
          onKeyDown={moveCell}
        />
        <ColourLegend />
        <p className="cell-readout">
          {cell
            ? `query ${namePosition(cell.query, tokenStrings)} → key ${namePosition(cell.key, tokenStrings)}: ${pattern.weights[cell.query * pattern.size + cell.key].toFixed(3)}`
            : ' '}
        </p>
      </figure>
      <div className="panel attention-text">
        <fieldset className="row attention-direction">
          <legend>Colour the prompt by what the focused token</legend>
          {(['attends-to', 'attended-by'] as const).map((value) => (
            <label key={value}>
              <input
                type="radio"
                name="attention-direction"
                value={value}
                checked={direction === value}
                onChange={() => setDirection(value)}
              />{' '}
              {value === 'attends-to' ? 'attends to' : 'is attended by'}
            </label>
          ))}
        </fieldset>
        <TokenAttention
          tokenStrings={tokenStrings}
          weights={weights}
          focused={position}
          locked={locked !== null}
          onHover={(p) => locked === null && setHovered(p)}
          onFocusToken={(p) => {
            setLocked(null);
            setHovered(p);
          }}
          onToggleLock={toggleLock}
        />
        <p className="attention-description" aria-live="polite">
          {position === null
            ? 'Hover or focus a token (Tab, then the arrow keys) to see its attention in ' +
              label +
              '; click or Enter locks it.'
            : `${label}: ${describeFocus(pattern, position, direction, tokenStrings)}${locked !== null ? ' (locked)' : ''}`}
        </p>
      </div>
    </>
  );
}

function ColourLegend() {
  return (
    <div className="attention-legend" aria-hidden="true">
      <span>0</span>
      <span className="attention-legend-bar" />
      <span>1</span>
    </div>
  );
}
