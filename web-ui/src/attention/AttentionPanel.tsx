import { useMemo, useState, type KeyboardEvent } from 'react';
import { runModel } from '../api/client';
import type { PlaygroundPanelProps } from '../playground/panel';
import { StateView } from '../shared/StateView';
import { useAsync } from '../shared/useAsync';
import { describeFocus, focusWeights, namePosition, type Direction } from './describe';
import { HeadGrid, type HeadRef } from './HeadGrid';
import { PatternCanvas } from './PatternCanvas';
import { TokenAttention } from './TokenAttention';
import { headLabel, patternHook, unpackHeads, type Cell, type HeadPattern } from './pattern';
import './attention.css';

/** Every layer's attention patterns for the prompt, fetched in one run: [layer][head]. */
async function loadPatterns({ model, tokens }: PlaygroundPanelProps): Promise<HeadPattern[][]> {
  const hooks = Array.from({ length: model.layers ?? 0 }, (_, layer) => patternHook(layer));
  const response = await runModel(model.name, { tokens, hooks, topK: 1, prependBos: false });
  return hooks.map((hook, layer) => {
    const tensor = response.activations?.find((activation) => activation.name === hook);
    if (!tensor) throw new Error(`The run returned no ${hook}`);
    return unpackHeads(tensor, layer);
  });
}

/** CircuitsVis-style attention patterns of every head for the playground's prompt. */
export function AttentionPanel(props: PlaygroundPanelProps) {
  const [patterns] = useAsync(() => loadPatterns(props), [props.model.name, props.tokens]);
  return (
    <StateView
      state={patterns}
      what="the attention patterns"
      isEmpty={(layers) => layers.length === 0}
      empty="The model reports no layers, so there are no attention patterns to show."
    >
      {(layers) => <AttentionExplorer layers={layers} tokenStrings={props.tokenStrings} />}
    </StateView>
  );
}

interface AttentionExplorerProps {
  /** Every head's pattern, [layer][head], each [query_pos x key_pos] with rows summing to 1. */
  layers: HeadPattern[][];
  /** The prompt's token texts, [pos]. */
  tokenStrings: string[];
}

const CELL_KEYS: Record<string, [number, number]> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

function AttentionExplorer({ layers, tokenStrings }: AttentionExplorerProps) {
  const [selected, setSelected] = useState<HeadRef>({ layer: 0, head: 0 });
  const [direction, setDirection] = useState<Direction>('attends-to');
  const [hovered, setHovered] = useState<number | null>(null);
  const [locked, setLocked] = useState<number | null>(null);
  const [cell, setCell] = useState<Cell | null>(null);

  const pattern = layers[selected.layer][selected.head];
  const label = headLabel(selected.layer, selected.head);
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
    <div className="attention-panel">
      <div className="attention-layout">
        <HeadGrid layers={layers} selected={selected} onSelect={setSelected} />
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
      </div>
      <div className="panel">
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
    </div>
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
