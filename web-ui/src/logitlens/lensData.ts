import { api, call, invokeTool } from '../api/client';

/** What `logit_lens/logit_lens` answers; `layer` runs over the labels (n_layers resid_pre rows, then "final"). */
export interface LogitLensResult {
  /** ["L0_resid_pre", ..., "final"], [layer]. */
  labels: string[];
  /** Top-k token ids, [layer][pos][k], most probable first. */
  topTokens: number[][][];
  /** Their probabilities, [layer][pos][k]. */
  topProbabilities: number[][][];
  /** Cross-entropy (nats) of the true next token, [layer][pos - 1]: position p predicts token p + 1. */
  loss: number[][];
}

/** The lens result and the text of every token id it names. */
export interface LensData extends LogitLensResult {
  tokenText: Record<number, string>;
}

/** Runs the logit lens on the prompt, then detokenizes all distinct top tokens in one call. */
export async function loadLens(model: string, tokens: number[], topK = 5): Promise<LensData> {
  const lens = await invokeTool<LogitLensResult>(model, 'logit_lens', 'logit_lens', { tokens, topK });
  const ids = [...new Set(lens.topTokens.flat(2))];
  const { strings = [] } = await call(
    api.POST('/api/v1/models/{name}/detokenize', { params: { path: { name: model } }, body: { tokens: ids } }),
  );
  const tokenText: Record<number, string> = {};
  ids.forEach((id, index) => (tokenText[id] = strings[index] ?? String(id)));
  return { ...lens, tokenText };
}
