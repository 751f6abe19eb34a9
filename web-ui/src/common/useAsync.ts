import { useCallback, useEffect, useRef, useState } from 'react';

/** The state of one asynchronous load: loading, failed or done. */
export type AsyncState<T> =
  { status: 'idle' } | { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'done'; value: T };

/**
 * Runs `load` when `deps` change (or only when `run` is called, if `immediate` is false) and tracks its state.
 * A result that arrives after a newer call started is dropped.
 */
export function useAsync<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  immediate = true,
): [AsyncState<T>, () => Promise<void>] {
  const [state, setState] = useState<AsyncState<T>>(immediate ? { status: 'loading' } : { status: 'idle' });
  const generation = useRef(0);
  const run = useCallback(async () => {
    const mine = ++generation.current;
    setState({ status: 'loading' });
    try {
      const value = await load();
      if (mine === generation.current) setState({ status: 'done', value });
    } catch (error) {
      if (mine === generation.current) setState({ status: 'error', error });
    }
    // The caller's deps decide when to load again: `load` is a new closure on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(() => {
    if (immediate) void run();
  }, [run, immediate]);
  return [state, run];
}
