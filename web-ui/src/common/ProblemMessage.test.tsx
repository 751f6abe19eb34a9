import { render, screen } from '@testing-library/react';
import { ApiError } from '../api/client';
import { ProblemMessage, problemSentence } from './ProblemMessage';

describe('problem messages', () => {
  it('say the title and the detail, and the suggestions the server made', () => {
    expect(
      problemSentence({
        status: 400,
        title: 'Unknown hook',
        detail: "hooks[0]: unknown hook 'blocks.9.hook_resid_post'",
        suggestions: ['blocks.1.hook_resid_post', 'blocks.0.hook_resid_post'],
      }),
    ).toBe(
      "Unknown hook: hooks[0]: unknown hook 'blocks.9.hook_resid_post' Did you mean blocks.1.hook_resid_post, blocks.0.hook_resid_post?",
    );
  });

  it('fall back to the status when the server sent no title', () => {
    expect(problemSentence({ status: 502 })).toBe('HTTP 502');
  });

  it('render an API error as an alert naming the action and the status', () => {
    const error = new ApiError({ status: 404, title: 'Unknown model', detail: "No model 'gpt-5' is resident" });
    render(<ProblemMessage error={error} action="Loading the model" />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe("Loading the model failed. Unknown model: No model 'gpt-5' is resident (HTTP 404)");
  });

  it('render any other error by its message', () => {
    render(<ProblemMessage error={new TypeError('boom')} />);
    expect(screen.getByRole('alert').textContent).toBe('Something went wrong: boom');
  });
});
