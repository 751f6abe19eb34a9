import { useState } from 'react';
import { invokeTool, runModel, type Schemas } from '../api/client';
import type { PlaygroundPanelProps } from '../playground/panel';
import { visibleToken } from '../common/visibleToken';
import { StateView } from '../common/StateView';
import { useAsync } from '../common/useAsync';
import type { AttributionResult } from './attribution';
import { AttributionView } from './AttributionView';
import { defaultTarget, targetChoices } from './target';
import './residual.css';

/**
 * Direct logit attribution: how much each component writing to the residual stream (embeddings, each head, each
 * attention bias, each MLP) adds to the logit of a target token at a position, through the final layer norm's scale.
 */
export function ResidualPanel({ model, tokens, tokenStrings }: PlaygroundPanelProps) {
  const [run] = useAsync(() => runModel(model.name, { tokens, topK: 5 }), [model.name, tokens.join(',')]);
  return (
    <section className="panel" aria-labelledby="residual-heading">
      <h2 id="residual-heading">Residual stream &amp; logit attribution</h2>
      <StateView state={run} what="the predictions">
        {(response) => (
          <AttributionExplorer
            model={model.name}
            tokens={tokens}
            tokenStrings={tokenStrings}
            predictions={response.predictions?.[0] ?? []}
          />
        )}
      </StateView>
    </section>
  );
}

interface AttributionExplorerProps {
  model: string;
  /** The prompt, [pos]. */
  tokens: number[];
  tokenStrings: string[];
  /** The model's top-5 next-token predictions, [pos]. */
  predictions: Schemas['Prediction'][];
}

/** The controls (position, target token, optional contrast token) and the attribution they ask for. */
function AttributionExplorer({ model, tokens, tokenStrings, predictions }: AttributionExplorerProps) {
  const [position, setPosition] = useState(tokens.length - 1);
  const [target, setTarget] = useState(() => defaultTarget(tokens, predictions, tokens.length - 1));
  const [contrast, setContrast] = useState<number | null>(null);
  const choices = targetChoices(tokens, tokenStrings, predictions, position);

  const [attribution] = useAsync(async () => {
    if (target === null) return null;
    const params = { tokens, position, tokenId: target };
    return contrast === null
      ? invokeTool<AttributionResult>(model, 'logit', 'direct_logit_attribution', params)
      : invokeTool<AttributionResult>(model, 'logit', 'logit_difference_attribution', {
          ...params,
          contrastTokenId: contrast,
        });
  }, [model, position, target, contrast]);

  const choosePosition = (next: number) => {
    setPosition(next);
    setTarget(defaultTarget(tokens, predictions, next));
  };
  const tokenId = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : null);

  return (
    <>
      <div className="row residual-controls">
        <span className="row">
          <label htmlFor="residual-position">Attribute at position</label>
          <select
            id="residual-position"
            value={position}
            onChange={(event) => choosePosition(Number(event.target.value))}
          >
            {tokenStrings.map((text, index) => (
              <option key={index} value={index}>
                {index}: {visibleToken(text)}
              </option>
            ))}
          </select>
        </span>
        <span className="row">
          <label htmlFor="residual-target">Target token</label>
          <select
            id="residual-target"
            value={choices.some((choice) => choice.id === target) ? String(target) : ''}
            onChange={(event) => setTarget(tokenId(event.target.value))}
          >
            {choices.map((choice) => (
              <option key={choice.id} value={choice.id}>
                “{visibleToken(choice.text)}” ({choice.id})
                {choice.probability !== undefined && `, ${(choice.probability * 100).toFixed(1)}%`}
                {choice.actualNext && ', actual next'}
              </option>
            ))}
            <option value="">another id…</option>
          </select>
          <input
            aria-label="Target token id"
            type="number"
            min={0}
            className="token-id"
            value={target ?? ''}
            onChange={(event) => setTarget(tokenId(event.target.value))}
          />
        </span>
        <span className="row">
          <label htmlFor="residual-contrast">Contrast token id (optional)</label>
          <input
            id="residual-contrast"
            type="number"
            min={0}
            className="token-id"
            placeholder="none"
            value={contrast ?? ''}
            onChange={(event) => setContrast(tokenId(event.target.value))}
          />
        </span>
      </div>
      <StateView
        state={attribution}
        what="the attribution"
        isEmpty={(result) => result === null}
        empty="Choose a target token, or type its id."
      >
        {(result) => result && <AttributionView result={result} contrast={contrast !== null} />}
      </StateView>
    </>
  );
}
