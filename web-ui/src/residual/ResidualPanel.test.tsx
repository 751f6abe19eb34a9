import { fireEvent, render, screen, within } from '@testing-library/react';
import { vi } from 'vitest';
import { ResidualPanel } from './ResidualPanel';
import { attributionMock } from './mocks/attribution';

const toolCalls = vi.hoisted(() => [] as { method: string; params: Record<string, unknown> }[]);

vi.mock('../api/client', () => ({
  runModel: async () => ({
    predictions: [
      [
        { position: 0, tokens: [104, 65], strings: ['h', 'A'], probabilities: [0.6, 0.2] },
        { position: 1, tokens: [105, 97], strings: ['i', 'a'], probabilities: [0.5, 0.3] },
        { position: 2, tokens: [32, 10], strings: [' ', '\n'], probabilities: [0.8, 0.1] },
      ],
    ],
  }),
  invokeTool: async (_model: string, _tool: string, method: string, params: Record<string, unknown>) => {
    toolCalls.push({ method, params });
    return attributionMock;
  },
}));

const props = { model: { name: 'tiny' }, tokens: [84, 104, 101], tokenStrings: ['T', 'h', 'e'] };
const table = () => screen.getByRole('table', { name: 'Components' });
const valueOf = (row: HTMLElement) => Number(row.querySelector('td.num')?.textContent);
const rowsOf = (part: string) => [...table().querySelectorAll<HTMLElement>(`tr[data-part="${part}"]`)];

describe('ResidualPanel', () => {
  beforeEach(() => (toolCalls.length = 0));

  it('attributes the top prediction at the last position by default', async () => {
    render(<ResidualPanel {...props} />);
    await screen.findByRole('table', { name: 'Components' });
    expect(toolCalls.at(-1)).toEqual({
      method: 'direct_logit_attribution',
      params: { tokens: props.tokens, position: 2, tokenId: 32 },
    });
    expect((screen.getByLabelText('Target token id') as HTMLInputElement).value).toBe('32');
  });

  it('shows components that, with the constant, sum to the total, which equals the actual logit', async () => {
    render(<ResidualPanel {...props} />);
    await screen.findByRole('table', { name: 'Components' });
    const components = rowsOf('component').map(valueOf);
    expect(components).toEqual([1.5, -0.5, 0.375, 0.25, -0.25, 0.5]); // embed, pos_embed, then attention and MLP per layer
    const [constant] = rowsOf('constant').map(valueOf);
    const [total] = rowsOf('total').map(valueOf);
    const [actual] = rowsOf('actual').map(valueOf);
    expect(components.reduce((a, b) => a + b, 0) + constant).toBeCloseTo(total, 6);
    expect(actual).toBeCloseTo(total, 3);
    expect(screen.getByLabelText('Sum check').textContent).toMatch(
      /Sum of components 1\.8750 \+ constant 0\.1250 = total 2\.0000 = the logit \(actual\) 2\.0000/,
    );
  });

  it('expands a layer’s attention to its heads and bias, which sum to it', async () => {
    render(<ResidualPanel {...props} />);
    const disclosure = await screen.findByRole('button', { name: /L0 attention/ });
    expect(disclosure.getAttribute('aria-expanded')).toBe('false');
    expect(rowsOf('head')).toHaveLength(0);
    fireEvent.click(disclosure);
    expect(disclosure.getAttribute('aria-expanded')).toBe('true');
    const heads = rowsOf('head');
    expect(heads.map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
      'L0H0',
      'L0H1',
      'L0 attention bias',
    ]);
    expect(heads.map(valueOf).reduce((a, b) => a + b, 0)).toBeCloseTo(0.375, 6);
    for (const id of disclosure.getAttribute('aria-controls')?.split(' ') ?? [])
      expect(document.getElementById(id)).not.toBeNull();
    fireEvent.click(disclosure);
    expect(rowsOf('head')).toHaveLength(0);
  });

  it('switches to the actual next token when another position is chosen, and to a logit difference with a contrast', async () => {
    render(<ResidualPanel {...props} />);
    await screen.findByRole('table', { name: 'Components' });
    fireEvent.change(screen.getByLabelText('Attribute at position'), { target: { value: '1' } });
    await screen.findByRole('table', { name: 'Components' });
    expect(toolCalls.at(-1)?.params).toEqual({ tokens: props.tokens, position: 1, tokenId: 101 });
    fireEvent.change(screen.getByLabelText('Contrast token id (optional)'), { target: { value: '105' } });
    await screen.findByRole('table', { name: 'Components' });
    expect(toolCalls.at(-1)).toEqual({
      method: 'logit_difference_attribution',
      params: { tokens: props.tokens, position: 1, tokenId: 101, contrastTokenId: 105 },
    });
  });
});
