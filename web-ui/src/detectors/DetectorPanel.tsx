import { useState } from 'react';
import { invokeTool } from '../api/client';
import type { PlaygroundPanelProps } from '../playground/panel';
import { headLabel } from '../attention/pattern';
import { sequentialColor, textColorOn, tokenBackground } from '../common/colors';
import { StateView } from '../common/StateView';
import { useAsync } from '../common/useAsync';
import { rankHeads } from './scores';
import './detectors.css';

/** What `attention/detect_heads` answers: a score in [0, 1] per head, [layer][head], and how it was measured. */
export interface HeadScores {
  metric: string;
  /** "L0H0", "L0H1", ... in layer-major order. */
  labels: string[];
  scores: number[][];
}

const KINDS = [
  {
    value: 'previous_token',
    label: 'Previous-token heads',
    explanation: 'attend from each token to the token just before it.',
  },
  {
    value: 'duplicate_token',
    label: 'Duplicate-token heads',
    explanation: 'attend from a token to earlier copies of the same token.',
  },
  {
    value: 'induction',
    label: 'Induction heads',
    explanation: 'attend from a repeated token to the token that followed its earlier occurrence (… A B … A → B).',
  },
] as const;

type Kind = (typeof KINDS)[number]['value'];

/** Scores every head of the model as a previous-token, duplicate-token or induction head on the prompt. */
export function DetectorPanel({ model, tokens }: PlaygroundPanelProps) {
  const [kind, setKind] = useState<Kind>('previous_token');
  const [result] = useAsync(
    () => invokeTool<HeadScores>(model.name, 'attention', 'detect_heads', { tokens, kind }),
    [model.name, tokens, kind],
  );
  const chosen = KINDS.find(({ value }) => value === kind) ?? KINDS[0];
  return (
    <div className="detector-panel">
      <div className="row">
        <label htmlFor="detector-kind">Kind of head</label>
        <select
          id="detector-kind"
          value={kind}
          onChange={(event) => setKind(KINDS.find(({ value }) => value === event.target.value)?.value ?? kind)}
        >
          {KINDS.map(({ value, label }) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <span className="detector-explanation">
          {chosen.label} {chosen.explanation}
        </span>
      </div>
      <StateView state={result} what="the head scores" isEmpty={(value) => value.scores.length === 0}>
        {(value) => <ScoreTable result={value} title={chosen.label} />}
      </StateView>
    </div>
  );
}

interface ScoreTableProps {
  result: HeadScores;
  /** What is scored, e.g. "Induction heads". */
  title: string;
}

/** The scores as a layers x heads table, each cell coloured by its score (0 white, 1 dark blue). */
function ScoreTable({ result, title }: ScoreTableProps) {
  const heads = Math.max(...result.scores.map((row) => row.length));
  const top = rankHeads(result.scores).slice(0, 3);
  return (
    <>
      <table className="detector-table">
        <caption>{title}: score of each head (rows: layers, columns: heads)</caption>
        <thead>
          <tr>
            <td />
            {Array.from({ length: heads }, (_, head) => (
              <th key={head} scope="col">
                Head {head}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.scores.map((row, layer) => (
            <tr key={layer}>
              <th scope="row">Layer {layer}</th>
              {row.map((score, head) => (
                <td
                  key={head}
                  className="detector-cell"
                  data-head={headLabel(layer, head)}
                  data-score={score}
                  title={`${headLabel(layer, head)}: ${score}`}
                  style={{ background: tokenBackground(score), color: textColorOn(sequentialColor(score)) }}
                >
                  {score.toFixed(2)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Highest: {top.map(({ layer, head, score }) => `${headLabel(layer, head)} (${score.toFixed(2)})`).join(', ')}.
      </p>
      <p className="detector-metric">
        <strong>Metric:</strong> {result.metric}
      </p>
    </>
  );
}
