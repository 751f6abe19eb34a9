import { fireEvent, render, screen } from '@testing-library/react';
import { vi } from 'vitest';
import { tokenBackground } from '../shared/colors';
import { AttentionPanel } from './AttentionPanel';
import { inductionHead, repeatedTokens } from './mocks/inductionHead';

const runModel = vi.hoisted(() => vi.fn());
vi.mock('../api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/client')>()),
  runModel,
}));

const half = 4;
const tokenStrings = repeatedTokens(half); // a b c d a b c d
const tokens = tokenStrings.map((s) => s.charCodeAt(0));
const size = 2 * half;
/** Layer 0: two uniform-causal heads; layer 1: head 0 uniform, head 1 the induction mock. */
const uniform = inductionHead(half, 0).weights;
const induction = inductionHead(half, 0.9).weights;
const activations = [
  { name: 'blocks.0.attn.hook_pattern', shape: [1, 2, size, size], data: [...uniform, ...uniform] },
  { name: 'blocks.1.attn.hook_pattern', shape: [1, 2, size, size], data: [...uniform, ...induction] },
];

describe('AttentionPanel', () => {
  beforeEach(() => {
    // jsdom cannot draw; the panel must cope with a canvas without a 2D context.
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    runModel.mockReset();
    runModel.mockResolvedValue({ tokens: [tokens], activations });
  });

  const renderPanel = () =>
    render(
      <AttentionPanel
        model={{ name: 'tiny-induction-2l', layers: 2, heads: 2 }}
        tokens={tokens}
        tokenStrings={tokenStrings}
      />,
    );

  it('fetches every layer’s pattern in one run and shows a button per head', async () => {
    renderPanel();
    await screen.findByRole('button', { name: 'L1H1' });
    expect(runModel).toHaveBeenCalledTimes(1);
    expect(runModel).toHaveBeenCalledWith('tiny-induction-2l', {
      tokens,
      hooks: ['blocks.0.attn.hook_pattern', 'blocks.1.attn.hook_pattern'],
      topK: 1,
      prependBos: false,
    });
    expect(screen.getAllByRole('button', { name: /^L\dH\d$/ }).map((b) => b.textContent)).toEqual([
      'L0H0',
      'L0H1',
      'L1H0',
      'L1H1',
    ]);
    expect(screen.getByRole('button', { name: 'L0H0' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('describes and colours what a focused token attends to in the selected head', async () => {
    renderPanel();
    fireEvent.click(await screen.findByRole('button', { name: 'L1H1' }));
    expect(screen.getByRole('img', { name: /Attention pattern of L1H1, 8 queries by 8 keys/ })).toBeTruthy();
    fireEvent.focus(screen.getByRole('button', { name: 'position 6: c' }));
    // Query 6 ('c' again) attends most to 3 ('d', after the first 'c'): 0.9 + 0.1 / 7.
    expect(screen.getByText(/^L1H1: position 6 'c' attends most to 3 'd' \(0\.91\)/)).toBeTruthy();
    const row = induction.slice(6 * size, 7 * size);
    expect(screen.getByRole('button', { name: 'position 3: d' }).style.background).toBe(tokenBackground(row[3]));
    expect(screen.getByRole('button', { name: 'position 7: d' }).style.background).toBe(tokenBackground(0));
  });

  it('switches to what attends to the token, and locks it on click', async () => {
    renderPanel();
    fireEvent.click(await screen.findByRole('button', { name: 'L1H1' }));
    fireEvent.click(screen.getByLabelText('is attended by'));
    const token = screen.getByRole('button', { name: 'position 1: b' });
    fireEvent.focus(token);
    fireEvent.click(token);
    // Key 1 is the induction target of query 4 only: 0.9 + 0.1 / 5.
    expect(screen.getByText(/position 1 'b' is attended most by 4 'a' \(0\.92\).*\(locked\)$/)).toBeTruthy();
    expect(token.getAttribute('aria-pressed')).toBe('true');
    // Hovering another token while locked changes nothing.
    fireEvent.pointerEnter(screen.getByRole('button', { name: 'position 5: b' }));
    expect(screen.getByText(/position 1 'b' is attended most by/)).toBeTruthy();
  });

  it('moves the selection across heads with the arrow keys', async () => {
    renderPanel();
    fireEvent.keyDown(await screen.findByRole('button', { name: 'L0H0' }), { key: 'ArrowDown' });
    fireEvent.keyDown(screen.getByRole('button', { name: 'L1H0' }), { key: 'ArrowRight' });
    expect(screen.getByRole('button', { name: 'L1H1' }).getAttribute('aria-pressed')).toBe('true');
    expect(document.activeElement?.textContent).toBe('L1H1');
  });
});
