import { useState } from 'react';
import type { Schemas } from '../api/client';
import { visibleToken } from './TokenStrip';

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
      <table aria-label="Next-token predictions">
        <thead>
          <tr>
            <th scope="col">Token</th>
            <th scope="col">Id</th>
            <th scope="col">Probability</th>
          </tr>
        </thead>
        <tbody>
          {(prediction.tokens ?? []).map((token, rank) => {
            const probability = prediction.probabilities?.[rank] ?? 0;
            return (
              <tr key={token}>
                <td className="mono">{visibleToken(prediction.strings?.[rank] ?? '')}</td>
                <td>{token}</td>
                <td>
                  <span className="bar" style={{ width: `${Math.round(probability * 120)}px` }} aria-hidden="true" />{' '}
                  {(probability * 100).toFixed(1)}%
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
