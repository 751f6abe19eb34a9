import type { PlaygroundPanelProps } from '../playground/panel';
import { css, sequentialColor } from '../common/colors';
import { StateView } from '../common/StateView';
import { useAsync } from '../common/useAsync';
import { LensHeatmap } from './LensHeatmap';
import { loadLens } from './lensData';
import './logitLens.css';

/** The logit lens: what each layer's residual stream, read through the unembedding, predicts at each position. */
export function LogitLensPanel({ model, tokens, tokenStrings }: PlaygroundPanelProps) {
  const [lens] = useAsync(() => loadLens(model.name, tokens), [model.name, tokens.join(',')]);
  return (
    <section className="panel" aria-labelledby="logit-lens-heading">
      <h2 id="logit-lens-heading">Logit lens</h2>
      <p className="lens-intro">
        Each row decodes one layer’s residual stream with the final layer norm and unembedding; each cell shows the most
        likely next token there, shaded by its probability.
        <span className="lens-legend" aria-hidden="true">
          0%
          <span
            className="lens-legend-ramp"
            style={{ background: `linear-gradient(to right, ${css(sequentialColor(0))}, ${css(sequentialColor(1))})` }}
          />
          100%
        </span>
      </p>
      <StateView state={lens} what="the logit lens">
        {(data) => <LensHeatmap data={data} tokens={tokens} tokenStrings={tokenStrings} />}
      </StateView>
    </section>
  );
}
