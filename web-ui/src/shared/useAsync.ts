import { useCallback, useEffect, useRef, useState } from 'react';

/** The state of one asynchronous load: loading, failed or done. */
export type AsyncState<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'done'; value: T };

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
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(async () => {
    const mine = ++generation.current;
    setState({ status: 'loading' });
    try {
      const value = await load();
      if (mine === generation.current) setState({ status: 'done', value });
    } catch (error) {
      if (mine === generation.current) setState({ status: 'error', error });
    }
  }, deps);
  useEffect(() => {
    if (immediate) void run();
  }, [run, immediate]);
  return [state, run];
}
