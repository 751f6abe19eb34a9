import { useState } from 'react';
import type { Schemas } from '../api/client';
import { visibleToken } from '../common/visibleToken';
import { TopTokensTable } from '../common/TopTokensTable';

export interface PredictionsProps {
  /** Top-k next-token predictions per position, [pos]. */
  predictions: Schemas['Prediction'][];
  /** The prompt's token texts, [pos], to name the positions. */
  tokenStrings: string[];
}

/** The next-token predictions at a chosen position (the last by default), with their probabilities. */
export function Predictions({ predictions, tokenStrings }: PredictionsProps) {
  const [position, setPosition] = useState(predictions.length - 1);
  const prediction = predictions[Math.min(position, predictions.length - 1)];
  if (!prediction) return null;
  return (
    <div className="panel">
      <div className="row">
        <label htmlFor="prediction-position">Next token after position</label>
        <select
          id="prediction-position"
          value={Math.min(position, predictions.length - 1)}
          onChange={(event) => setPosition(Number(event.target.value))}
        >
          {predictions.map((p, index) => (
            <option key={index} value={index}>
              {p.position ?? index}: {visibleToken(tokenStrings[index] ?? '')}
            </option>
          ))}
        </select>
      </div>
      <TopTokensTable
        label="Next-token predictions"
        tokens={prediction.tokens ?? []}
        strings={prediction.strings ?? []}
        probabilities={prediction.probabilities ?? []}
      />
    </div>
  );
}
