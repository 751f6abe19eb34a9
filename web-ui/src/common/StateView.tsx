import type { ReactNode } from 'react';
import type { AsyncState } from './useAsync';
import { ProblemMessage } from './ProblemMessage';

export interface StateViewProps<T> {
  state: AsyncState<T>;
  /** What is being loaded, in words: "the models". */
  what: string;
  /** True when a loaded value has nothing to show. */
  isEmpty?: (value: T) => boolean;
  /** What to say when it is empty. */
  empty?: ReactNode;
  children: (value: T) => ReactNode;
}

/** The loading, error and empty states of a view, so that every view says the same things the same way. */
export function StateView<T>({ state, what, isEmpty, empty, children }: StateViewProps<T>) {
  switch (state.status) {
    case 'idle':
      return null;
    case 'loading':
      return (
        <p className="loading" role="status" aria-live="polite">
          Loading {what}…
        </p>
      );
    case 'error':
      return <ProblemMessage error={state.error} action={`Loading ${what}`} />;
    case 'done':
      if (isEmpty?.(state.value)) {
        return <p className="empty">{empty ?? `There are no ${what} yet.`}</p>;
      }
      return <>{children(state.value)}</>;
  }
}
