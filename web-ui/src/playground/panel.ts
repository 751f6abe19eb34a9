import type { Schemas } from '../api/client';

/** What every playground panel is given: the model and the tokens of the prompt, as the model saw them. */
export interface PlaygroundPanelProps {
  model: Schemas['ModelResponse'] & { name: string };
  /** Token ids of the prompt, [pos]. */
  tokens: number[];
  /** The text of each token, [pos], as the tokenizer decodes it alone. */
  tokenStrings: string[];
}
