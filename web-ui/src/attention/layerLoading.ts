/** The layer to fetch next: `preferred` (the selected head's) while it is pending, else the first pending one. */
export function nextLayer(pending: ReadonlySet<number>, preferred: number): number | null {
  if (pending.has(preferred)) return preferred;
  return pending.size === 0 ? null : Math.min(...pending);
}

/** The key of a prompt on a model: the same tokens on the same model give the same patterns. */
export function promptKey(model: string, tokens: readonly number[]): string {
  return `${model}:${tokens.join(',')}`;
}

/**
 * Values per layer of the most recent prompt only: a new prompt's first value drops the old prompt's. One prompt of
 * 1,024 tokens on 12 layers x 12 heads is already 600 MB of float32 patterns, so more would not fit a browser tab.
 */
export class LatestPromptCache<T> {
  private prompt: string | null = null;
  private layers = new Map<number, T>();

  get(prompt: string, layer: number): T | undefined {
    return prompt === this.prompt ? this.layers.get(layer) : undefined;
  }

  set(prompt: string, layer: number, value: T): void {
    if (prompt !== this.prompt) {
      this.prompt = prompt;
      this.layers = new Map();
    }
    this.layers.set(layer, value);
  }

  clear(): void {
    this.prompt = null;
    this.layers = new Map();
  }
}
