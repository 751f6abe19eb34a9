import { fireEvent, render, screen, within } from '@testing-library/react';
import { vi } from 'vitest';
import { LogitLensPanel } from './LogitLensPanel';
import { detokenizeBytes, lensMock, lensPrompt } from './mocks/lens';

const calls = vi.hoisted(() => ({ tool: [] as unknown[], detokenize: [] as number[][] }));

vi.mock('../api/client', () => ({
  invokeTool: async (...args: unknown[]) => {
    calls.tool.push(args);
    return lensMock;
  },
  api: { POST: (_path: string, init: { body: { tokens: number[] } }) => init.body.tokens },
  call: async (ids: number[]) => {
    calls.detokenize.push(ids);
    return detokenizeBytes(ids);
  },
}));

const model = { name: 'tiny', layers: 2, heads: 2 };

async function openPanel() {
  render(<LogitLensPanel model={model} {...lensPrompt} />);
  return screen.findByRole('group', { name: /Logit lens heatmap/ });
}

function topTokenIds() {
  const table = screen.getByRole('table', { name: 'Top tokens of the selected cell' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => Number(within(row).getAllByRole('cell')[2].textContent));
}

describe('LogitLensPanel', () => {
  // jsdom has no 2D context (and logs that it has none): the panel must cope with getContext answering null.
  beforeEach(() => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  });

  it('asks for the lens of the prompt and detokenizes each distinct top token once', async () => {
    await openPanel();
    expect(calls.tool.at(-1)).toEqual(['tiny', 'logit_lens', 'logit_lens', { tokens: lensPrompt.tokens, topK: 5 }]);
    expect([...(calls.detokenize.at(-1) ?? [])].sort()).toEqual([97, 98, 99]);
  });

  it('has one row per layer (n_layers + 1) and one column per token', async () => {
    const heatmap = await openPanel();
    expect(heatmap.getAttribute('data-rows')).toBe('3');
    expect(heatmap.getAttribute('data-cols')).toBe('4');
    expect(heatmap.getAttribute('aria-label')).toMatch(/3 layers \(rows\) by 4 positions/);
  });

  it('selects the final layer at the last position first, which has no true next token', async () => {
    await openPanel();
    const details = screen.getByRole('region', { name: 'Selected cell' });
    expect(details.textContent).toMatch(/Layer final, position 3/);
    expect(details.textContent).toMatch(/no true next token/);
    expect(topTokenIds()).toEqual(lensMock.topTokens[2][3]);
  });

  it('moves the selection with the arrow keys and shows that cell’s top tokens and loss', async () => {
    const heatmap = await openPanel();
    fireEvent.keyDown(heatmap, { key: 'ArrowUp' });
    fireEvent.keyDown(heatmap, { key: 'ArrowLeft' });
    const details = screen.getByRole('region', { name: 'Selected cell' });
    expect(details.textContent).toMatch(/Layer L1_resid_pre, position 2/);
    // Position 2 predicts token 3 ("a"); its loss there is loss[1][2].
    expect(details.textContent).toMatch(/true next token “a” is 0\.900 nats/);
    expect(topTokenIds()).toEqual(lensMock.topTokens[1][2]);
    fireEvent.keyDown(heatmap, { key: 'Home' });
    expect(details.textContent).toMatch(/position 0/);
    expect(details.textContent).toMatch(/1\.200 nats/);
  });
});
