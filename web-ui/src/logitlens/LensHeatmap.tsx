import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { visibleToken } from '../common/visibleToken';
import { TopTokensTable } from '../common/TopTokensTable';
import { drawHeatmap } from './drawHeatmap';
import { cellAt, cellRect, heatmapGeometry, moveSelection, type Cell } from './heatmapGeometry';
import type { LensData } from './lensData';

export interface LensHeatmapProps {
  /** The lens result ([layer][pos][k] top tokens and probabilities, [layer][pos - 1] loss) with token texts. */
  data: LensData;
  /** The prompt's tokens, [pos]: their ids (the true next tokens) and texts (the column labels). */
  tokens: number[];
  tokenStrings: string[];
}

/**
 * The layers × positions heatmap of the logit lens on a canvas, coloured by the top token's probability. The canvas
 * is focusable: arrow keys (and Home/End) move the selected cell, whose top-k tokens and loss are shown as text below;
 * hovering a cell shows that cell's details instead.
 */
export function LensHeatmap({ data, tokens, tokenStrings }: LensHeatmapProps) {
  const rows = data.labels.length;
  const cols = tokens.length;
  const geometry = useMemo(() => heatmapGeometry(rows, cols), [rows, cols]);
  const [selected, setSelected] = useState<Cell>({ row: rows - 1, col: cols - 1 });
  const [hovered, setHovered] = useState<Cell | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const detailsId = useId();

  useEffect(() => {
    if (canvas.current) drawHeatmap(canvas.current, geometry, data, tokenStrings, selected);
  }, [geometry, data, tokenStrings, selected]);

  const select = (cell: Cell) => {
    setSelected(cell);
    const box = scroller.current;
    if (!box) return;
    const { x, width } = cellRect(geometry, cell);
    if (x < box.scrollLeft) box.scrollLeft = x;
    else if (x + width > box.scrollLeft + box.clientWidth) box.scrollLeft = x + width - box.clientWidth;
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const next = moveSelection(selected, event.key, rows, cols);
    if (next) {
      event.preventDefault();
      select(next);
    }
  };

  const pointCell = (event: MouseEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return cellAt(geometry, event.clientX - box.left, event.clientY - box.top);
  };

  return (
    <>
      <div className="lens-heatmap">
        <ol className="lens-row-labels" aria-hidden="true" style={{ paddingTop: geometry.headerHeight }}>
          {data.labels.map((label) => (
            <li key={label} style={{ height: geometry.cellHeight }}>
              {label}
            </li>
          ))}
        </ol>
        <div className="lens-scroll" ref={scroller}>
          <div
            className="lens-focus"
            tabIndex={0}
            role="group"
            aria-label={`Logit lens heatmap: ${rows} layers (rows) by ${cols} positions (columns). Arrow keys move the selected cell.`}
            aria-describedby={detailsId}
            data-rows={rows}
            data-cols={cols}
            onKeyDown={onKeyDown}
          >
            <canvas
              ref={canvas}
              aria-hidden="true"
              onMouseMove={(event) => setHovered(pointCell(event))}
              onMouseLeave={() => setHovered(null)}
              onClick={(event) => {
                const cell = pointCell(event);
                if (cell) select(cell);
              }}
            />
          </div>
        </div>
      </div>
      <CellDetails id={detailsId} data={data} tokens={tokens} tokenStrings={tokenStrings} cell={hovered ?? selected} />
    </>
  );
}

interface CellDetailsProps {
  id: string;
  data: LensData;
  tokens: number[];
  tokenStrings: string[];
  cell: Cell;
}

/** The textual alternative of a cell: its layer and position, the top-k tokens and the loss of the true next token. */
function CellDetails({ id, data, tokens, tokenStrings, cell: { row, col } }: CellDetailsProps) {
  const text = (token: number) => visibleToken(data.tokenText[token] ?? String(token));
  const next = tokens[col + 1];
  const loss = data.loss[row]?.[col];
  return (
    <section id={id} className="panel lens-details" aria-label="Selected cell" aria-live="polite">
      <p>
        Layer <strong className="mono">{data.labels[row]}</strong>, position <strong>{col}</strong> (
        <span className="mono">“{visibleToken(tokenStrings[col] ?? '')}”</span>):{' '}
        {next === undefined || loss === undefined ? (
          'the last position has no true next token.'
        ) : (
          <>
            loss of the true next token <span className="mono">“{text(next)}”</span> is{' '}
            <strong>{loss.toFixed(3)}</strong> nats.
          </>
        )}
      </p>
      <TopTokensTable
        label="Top tokens of the selected cell"
        tokens={data.topTokens[row]?.[col] ?? []}
        strings={(data.topTokens[row]?.[col] ?? []).map((token) => data.tokenText[token] ?? String(token))}
        probabilities={data.topProbabilities[row]?.[col] ?? []}
        ranked
      />
    </section>
  );
}
