import type { Schemas } from '../api/client';

/**
 * The token to attribute by default at `position`: the actual next token of the prompt where there is one, else (at
 * the last position) the model's top prediction; null when neither is known.
 */
export function defaultTarget(tokens: number[], predictions: Schemas['Prediction'][], position: number): number | null {
  if (position < tokens.length - 1) return tokens[position + 1];
  return predictions[position]?.tokens?.[0] ?? null;
}

/** A target token to choose from: the top predictions at the position, and the actual next token if not among them. */
export interface TargetChoice {
  id: number;
  text: string;
  /** Its predicted probability, when it is one of the top predictions. */
  probability?: number;
  actualNext: boolean;
}

export function targetChoices(
  tokens: number[],
  tokenStrings: string[],
  predictions: Schemas['Prediction'][],
  position: number,
): TargetChoice[] {
  const prediction = predictions[position];
  const next = position < tokens.length - 1 ? tokens[position + 1] : undefined;
  const choices: TargetChoice[] = (prediction?.tokens ?? []).map((id, rank) => ({
    id,
    text: prediction?.strings?.[rank] ?? String(id),
    probability: prediction?.probabilities?.[rank],
    actualNext: id === next,
  }));
  if (next !== undefined && !choices.some((choice) => choice.actualNext)) {
    choices.push({ id: next, text: tokenStrings[position + 1] ?? String(next), actualNext: true });
  }
  return choices;
}
