import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { vi } from 'vitest';
import { ApiError } from '../api/client';
import { float32Safetensors } from '../api/mocks/safetensors';
import { tokenBackground } from '../common/colors';
import { AttentionPanel } from './AttentionPanel';
import { inductionHead, repeatedTokens } from './mocks/inductionHead';
import { patternHook } from './pattern';
import { patternCache } from './useLayerPatterns';

const fetchBinary = vi.hoisted(() => vi.fn());
vi.mock('../api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/client')>()),
  fetchBinary,
}));

const half = 4;
const tokenStrings = repeatedTokens(half); // a b c d a b c d
const tokens = tokenStrings.map((s) => s.charCodeAt(0));
const size = 2 * half;
/** Layers 0 and 2: two uniform-causal heads; layer 1: head 0 uniform, head 1 the induction mock. */
const uniform = inductionHead(half, 0).weights;
const induction = inductionHead(half, 0.9).weights;
const layerData = [
  [...uniform, ...uniform],
  [...uniform, ...induction],
  [...uniform, ...uniform],
];

/** The layer a fetch asks for, read from its JSON body's single hook. */
function requestedLayer(init: RequestInit): number {
  const { hooks } = JSON.parse(String(init.body)) as { hooks: string[] };
  return layerData.findIndex((_, layer) => hooks[0] === patternHook(layer));
}

/** The run's answer for that layer: a safetensors file of its [1, heads, pos, pos] pattern. */
function answer(init: RequestInit): ArrayBuffer {
  const layer = requestedLayer(init);
  return float32Safetensors({ [patternHook(layer)]: { shape: [1, 2, size, size], data: layerData[layer] } });
}

/** Fetches that wait to be answered, in the order they went out. */
function holdFetches() {
  const held: { layer: number; signal: AbortSignal; respond: () => Promise<void> }[] = [];
  fetchBinary.mockImplementation(
    (_path: string, init: RequestInit) =>
      new Promise((resolve) => {
        held.push({
          layer: requestedLayer(init),
          signal: init.signal as AbortSignal,
          respond: () => act(async () => resolve(answer(init))),
        });
      }),
  );
  return held;
}

/** What each layer's row of the head grid says: loading…, failed, or nothing once loaded. */
const layerStates = () =>
  Array.from(
    document.querySelectorAll('.head-row'),
    (row) => row.querySelector('.head-layer-state')?.textContent ?? 'loaded',
  );

describe('AttentionPanel', () => {
  beforeEach(() => {
    // jsdom cannot draw; the panel must cope with a canvas without a 2D context.
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    patternCache.clear();
    fetchBinary.mockReset();
    fetchBinary.mockImplementation(async (_path: string, init: RequestInit) => answer(init));
  });

  const panel = (layers = 2, promptTokens = tokens) => (
    <AttentionPanel
      model={{ name: 'tiny-induction-2l', layers, heads: 2 }}
      tokens={promptTokens}
      tokenStrings={tokenStrings}
    />
  );
  const renderPanel = (layers = 2) => render(panel(layers));

  it('fetches each layer’s pattern as float16 safetensors, one layer at a time, and shows a button per head', async () => {
    const held = holdFetches();
    renderPanel();
    await waitFor(() => expect(held).toHaveLength(1));
    const [path, init] = fetchBinary.mock.calls[0] as [string, RequestInit];
    expect(path).toBe('/api/v1/models/tiny-induction-2l/run?format=safetensors');
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({
      tokens,
      hooks: ['blocks.0.attn.hook_pattern'],
      topK: 1,
      prependBos: false,
      dtype: 'float16',
    });
    expect(screen.getAllByRole('button', { name: /^L\dH\d$/ }).map((b) => b.textContent)).toEqual([
      'L0H0',
      'L0H1',
      'L1H0',
      'L1H1',
    ]);
    expect(screen.getByRole('button', { name: 'L0H0' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('status').textContent).toBe('Loading the attention patterns of layer 0…');

    await held[0].respond();
    expect(screen.getByRole('img', { name: /Attention pattern of L0H0, 8 queries by 8 keys/ })).toBeTruthy();
    expect(held.map(({ layer }) => layer)).toEqual([0, 1]);
    expect(layerStates()).toEqual(['loaded', 'loading…']);
    await held[1].respond();
    expect(layerStates()).toEqual(['loaded', 'loaded']);
    expect(fetchBinary).toHaveBeenCalledTimes(2);
  });

  it('fetches the selected head’s layer next, before the layers in between', async () => {
    const held = holdFetches();
    renderPanel(3);
    await waitFor(() => expect(held).toHaveLength(1));
    fireEvent.click(screen.getByRole('button', { name: 'L2H1' }));
    expect(screen.getByRole('status').textContent).toBe('Loading the attention patterns of layer 2…');
    await held[0].respond();
    await held[1].respond();
    expect(screen.getByRole('img', { name: /Attention pattern of L2H1/ })).toBeTruthy();
    await held[2].respond();
    expect(held.map(({ layer }) => layer)).toEqual([0, 2, 1]);
  });

  it('keeps the loaded layers of the prompt when the panel comes back, and fetches nothing again', async () => {
    const { unmount } = renderPanel();
    await waitFor(() => expect(layerStates()).toEqual(['loaded', 'loaded']));
    unmount();
    renderPanel();
    expect(screen.getByRole('img', { name: /Attention pattern of L0H0/ })).toBeTruthy();
    expect(fetchBinary).toHaveBeenCalledTimes(2);
  });

  it('aborts the fetch in flight when the prompt changes or the panel goes', async () => {
    const held = holdFetches();
    const { rerender, unmount } = render(panel());
    await waitFor(() => expect(held).toHaveLength(1));
    rerender(panel(2, tokens.slice(0, 4)));
    await waitFor(() => expect(held).toHaveLength(2));
    expect(held[0].signal.aborted).toBe(true);
    expect(JSON.parse(String((fetchBinary.mock.calls[1] as [string, RequestInit])[1].body)).tokens).toEqual(
      tokens.slice(0, 4),
    );
    expect(held[1].signal.aborted).toBe(false);
    unmount();
    expect(held[1].signal.aborted).toBe(true);
  });

  it('says in words why a layer failed, and marks the layers not loaded as failed', async () => {
    fetchBinary.mockRejectedValue(
      new ApiError({ status: 413, title: 'Request too large', detail: 'The activations need 600 MB' }),
    );
    renderPanel();
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /^Loading the attention patterns of layer 0 failed\. Request too large: The activations need 600 MB \(HTTP 413\)/,
    );
    expect(layerStates()).toEqual(['failed', 'failed']);
    expect(fetchBinary).toHaveBeenCalledTimes(1);
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
