import type { Problem } from '../api/client';
import { ApiError } from '../api/client';

/** Says in words what went wrong: the problem's title, its detail, and the field or suggestions it names. */
export function problemSentence(problem: Problem): string {
  const parts: string[] = [];
  const title = problem.title ?? `HTTP ${problem.status}`;
  parts.push(problem.detail && problem.detail !== title ? `${title}: ${problem.detail}` : title);
  const suggestions = problem.suggestions;
  if (Array.isArray(suggestions) && suggestions.length > 0) {
    parts.push(`Did you mean ${suggestions.map(String).join(', ')}?`);
  }
  return parts.join(' ');
}

export interface ProblemMessageProps {
  /** What failed: an ApiError (its problem detail is shown) or any other error. */
  error: unknown;
  /** What the user was doing, e.g. "Loading the models". */
  action?: string;
}

/** An error shown to the user in words, announced to screen readers. */
export function ProblemMessage({ error, action }: ProblemMessageProps) {
  const problem: Problem =
    error instanceof ApiError
      ? error.problem
      : { status: 0, title: 'Something went wrong', detail: error instanceof Error ? error.message : String(error) };
  return (
    <div className="problem" role="alert">
      {action && <strong>{action} failed. </strong>}
      <span>{problemSentence(problem)}</span>
      {problem.status > 0 && <span className="problem-status"> (HTTP {problem.status})</span>}
    </div>
  );
}
