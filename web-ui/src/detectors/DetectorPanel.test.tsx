import { fireEvent, render, screen, within } from '@testing-library/react';
import { vi } from 'vitest';
import { ApiError } from '../api/client';
import { tokenBackground } from '../common/colors';
import { DetectorPanel, type HeadScores } from './DetectorPanel';

const invokeTool = vi.hoisted(() => vi.fn());
vi.mock('../api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/client')>()),
  invokeTool,
}));

const model = { name: 'tiny-induction-2l', layers: 2, heads: 2 };
const tokens = [97, 98, 97, 98];

function answer(kind: string): HeadScores {
  const scores =
    kind === 'induction'
      ? [
          [0.01, 0.02],
          [0.5, 0.123],
        ]
      : [
          [0.9, 0.2],
          [0.1, 0],
        ];
  return {
    metric: `${kind}: attention on the detection pattern / total attention`,
    labels: ['L0H0', 'L0H1', 'L1H0', 'L1H1'],
    scores,
  };
}

describe('DetectorPanel', () => {
  beforeEach(() => {
    invokeTool.mockReset();
    invokeTool.mockImplementation((_model: string, _tool: string, _method: string, params: { kind: string }) =>
      Promise.resolve(answer(params.kind)),
    );
  });

  it('shows a layers x heads table of scores, two decimals, coloured by score', async () => {
    render(<DetectorPanel model={model} tokens={tokens} tokenStrings={['a', 'b', 'a', 'b']} />);
    const table = await screen.findByRole('table', { name: /Previous-token heads: score of each head/ });
    expect(invokeTool).toHaveBeenCalledWith('tiny-induction-2l', 'attention', 'detect_heads', {
      tokens,
      kind: 'previous_token',
    });
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map((th) => th.textContent),
    ).toEqual(['Layer 0', 'Layer 1']);
    const cell = table.querySelector('[data-head="L0H1"]') as HTMLElement;
    expect(cell.textContent).toBe('0.20');
    expect(Number(cell.dataset.score)).toBe(0.2);
    expect(cell.style.background).toBe(tokenBackground(0.2));
    expect(screen.getByText(/Highest: L0H0 \(0\.90\), L0H1 \(0\.20\), L1H0 \(0\.10\)/)).toBeTruthy();
    expect(screen.getByText(/previous_token: attention on the detection pattern/)).toBeTruthy();
  });

  it('asks again for the kind chosen', async () => {
    render(<DetectorPanel model={model} tokens={tokens} tokenStrings={['a', 'b', 'a', 'b']} />);
    await screen.findByRole('table');
    fireEvent.change(screen.getByLabelText('Kind of head'), { target: { value: 'induction' } });
    const table = await screen.findByRole('table', { name: /Induction heads/ });
    expect(invokeTool).toHaveBeenLastCalledWith('tiny-induction-2l', 'attention', 'detect_heads', {
      tokens,
      kind: 'induction',
    });
    expect((table.querySelector('[data-head="L1H1"]') as HTMLElement).textContent).toBe('0.12');
  });

  it('says in words when the tool refuses', async () => {
    invokeTool.mockRejectedValue(
      new ApiError({ status: 400, title: 'Invalid tool call', detail: 'params.tokens: too long' }),
    );
    render(<DetectorPanel model={model} tokens={tokens} tokenStrings={['a', 'b', 'a', 'b']} />);
    expect((await screen.findByRole('alert')).textContent).toMatch(/Loading the head scores failed.*too long/);
  });
});
