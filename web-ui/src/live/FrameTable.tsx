import { memo } from 'react';
import { visibleToken } from '../common/visibleToken';
import { NormStrip } from './NormStrip';
import { formatBytes, latestRows, type FrameRow, type StepState } from './streamState';

/** The most rows on screen; a long run keeps its latest. */
const MAX_ROWS = 300;

export interface FrameTableProps {
  /** The frames so far, grouped by step (0 the prompt pass, n the pass over the nth generated token). */
  steps: StepState[];
  /** How many frames arrived in all. */
  frames: number;
  /** The norm strips' scale per hook name: the largest position norm seen. */
  maxNorm: Record<string, number>;
}

/** One row per arrived activation frame, one row group per step, newest at the bottom. */
export function FrameTable({ steps, frames, maxNorm }: FrameTableProps) {
  const shown = latestRows(steps, MAX_ROWS);
  const shownCount = shown.reduce((sum, step) => sum + step.rows.length, 0);
  return (
    <table className="frame-table" aria-label="Activation frames">
      <caption>
        {shownCount < frames
          ? `The latest ${shownCount} of ${frames.toLocaleString('en')} activation frames`
          : `${frames.toLocaleString('en')} activation frames, in order of arrival`}
      </caption>
      <thead>
        <tr>
          <th scope="col">Layer</th>
          <th scope="col">Hook</th>
          <th scope="col">Shape</th>
          <th scope="col">dtype</th>
          <th scope="col" className="number">
            Bytes
          </th>
          <th scope="col" className="number">
            Arrived
          </th>
          <th scope="col">L2 norm per position (per head for attention patterns)</th>
        </tr>
      </thead>
      {shown.map((step) => (
        <tbody key={step.step}>
          <tr className="step-row">
            <th scope="rowgroup" colSpan={7}>
              {step.token ? (
                <>
                  Step {step.step}: the pass over generated token{' '}
                  <span className="token chip">{visibleToken(step.token.text)}</span> (id {step.token.tokenId})
                </>
              ) : (
                `Step ${step.step}: the prompt pass`
              )}
            </th>
          </tr>
          {step.rows.map((row) => (
            <FrameRowView key={row.index} row={row} max={maxNorm[row.name] ?? 0} />
          ))}
        </tbody>
      ))}
    </table>
  );
}

const FrameRowView = memo(function FrameRowView({ row, max }: { row: FrameRow; max: number }) {
  return (
    <tr className="frame-row">
      <td className="number">{row.layer ?? '–'}</td>
      <td className="mono">{row.name}</td>
      <td className="mono">[{row.shape.join(', ')}]</td>
      <td className="mono">{row.dtype}</td>
      <td className="number">{formatBytes(row.bytes)}</td>
      <td className="number">{row.arrivedMs.toFixed(0)} ms</td>
      <td>
        <NormStrip name={row.name} norms={row.norms} max={max} />
      </td>
    </tr>
  );
});
