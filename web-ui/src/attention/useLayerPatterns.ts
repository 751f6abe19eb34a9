import { useEffect, useRef, useState } from 'react';
import { fetchBinary, type Schemas } from '../api/client';
import { parseSafetensors } from '../api/safetensors';
import type { AsyncState } from '../common/useAsync';
import { LatestPromptCache, nextLayer, promptKey } from './layerLoading';
import { patternHook, unpackHeads, type HeadPattern } from './pattern';

/** Loaded layers, [layer] → [head], kept across remounts (switching panels) of the same prompt. */
export const patternCache = new LatestPromptCache<HeadPattern[]>();

/**
 * One layer's patterns, fetched as float16 safetensors (a JSON run of every layer at 1,024 tokens would be 150 M
 * numbers of text).
 */
export async function fetchLayerPatterns(
  model: string,
  tokens: number[],
  layer: number,
  signal: AbortSignal,
): Promise<HeadPattern[]> {
  const hook = patternHook(layer);
  const body: Schemas['RunRequest'] = { tokens, hooks: [hook], topK: 1, prependBos: false, dtype: 'float16' };
  const buffer = await fetchBinary(`/api/v1/models/${encodeURIComponent(model)}/run?format=safetensors`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
  const tensor = parseSafetensors(buffer).tensors[hook];
  if (!tensor) throw new Error(`The run returned no ${hook}`);
  return unpackHeads({ name: hook, shape: tensor.shape, data: tensor.values }, layer);
}

/**
 * Every layer's patterns for a prompt, [layer], each loading until its fetch arrives: cached layers at once, then the
 * others one at a time in the background, `preferred` (the selected head's layer) first whenever it is still pending.
 * The first failure fails every layer not yet loaded. Unmounting aborts the fetch in flight; the caller remounts the
 * hook (a `key`) for another prompt.
 */
export function useLayerPatterns(
  model: string,
  tokens: number[],
  layerCount: number,
  preferred: number,
): AsyncState<HeadPattern[]>[] {
  const [layers, setLayers] = useState<AsyncState<HeadPattern[]>[]>(() =>
    Array.from({ length: layerCount }, (_, layer) => {
      const cached = patternCache.get(promptKey(model, tokens), layer);
      return cached ? { status: 'done', value: cached } : { status: 'loading' };
    }),
  );
  const preferredLayer = useRef(preferred);
  useEffect(() => {
    preferredLayer.current = preferred;
  }, [preferred]);

  useEffect(() => {
    const prompt = promptKey(model, tokens);
    const controller = new AbortController();
    const pending = new Set(
      Array.from({ length: layerCount }, (_, layer) => layer).filter((layer) => !patternCache.get(prompt, layer)),
    );
    const loadPending = async () => {
      for (;;) {
        const layer = nextLayer(pending, preferredLayer.current);
        if (layer === null) return;
        pending.delete(layer);
        const heads = await fetchLayerPatterns(model, tokens, layer, controller.signal);
        patternCache.set(prompt, layer, heads);
        setLayers((states) => states.map((state, i) => (i === layer ? { status: 'done', value: heads } : state)));
      }
    };
    loadPending().catch((error: unknown) => {
      if (controller.signal.aborted) return;
      setLayers((states) => states.map((state) => (state.status === 'done' ? state : { status: 'error', error })));
    });
    return () => controller.abort();
  }, [model, tokens, layerCount]);

  return layers;
}
