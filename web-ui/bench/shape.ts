/** GPT-2 small's attention at its full context: the shape the benchmark renders. */
export const LAYERS = 12;
export const HEADS = 12;
export const TOKENS = 1024;
