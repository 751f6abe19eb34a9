import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { vi } from 'vitest';
import { apiKey, type Schemas } from '../api/client';
import { LiveRun } from './LiveView';
import { encodeFrame, littleEndian } from './mocks/frames';
import { MockWebSocket } from './mocks/MockWebSocket';

const models: Schemas['ModelResponse'][] = [
  { name: 'tiny-a', layers: 2, heads: 2, dModel: 2, contextLength: 16 },
  { name: 'tiny-b', layers: 4, heads: 6, dModel: 192, contextLength: 256 },
];

/** A resid_post frame of layer `layer` at `step` over `positions` positions, each holding (3, 4): norm 5. */
function residFrame(layer: number, step: number, positions: number, index: number): ArrayBuffer {
  const header = {
    name: `blocks.${layer}.hook_resid_post`,
    shape: [1, positions, 2],
    dtype: 'float32' as const,
    layer,
    step,
    index,
  };
  return encodeFrame(header, littleEndian(Array.from({ length: positions }, () => [3, 4]).flat(), 4));
}

function socket(): MockWebSocket {
  const last = MockWebSocket.instances[MockWebSocket.instances.length - 1];
  if (!last) throw new Error('no socket was opened');
  return last;
}

beforeEach(() => {
  MockWebSocket.instances = [];
  vi.stubGlobal('WebSocket', MockWebSocket);
  apiKey.set('secret key');
});
afterEach(() => vi.unstubAllGlobals());

function startRun() {
  const view = render(<LiveRun models={models} />);
  fireEvent.change(screen.getByLabelText('Model'), { target: { value: 'tiny-b' } });
  fireEvent.change(screen.getByLabelText('Prompt'), { target: { value: 'ab' } });
  fireEvent.change(screen.getByLabelText('New tokens'), { target: { value: '1' } });
  fireEvent.change(screen.getByLabelText('dtype'), { target: { value: 'float16' } });
  fireEvent.click(screen.getByRole('checkbox', { name: 'mlp_out' }));
  fireEvent.click(screen.getByRole('button', { name: 'Start' }));
  act(() => socket().accept());
  return view;
}

describe('LiveRun', () => {
  it('sends the request once connected, then shows frames, tokens and the summary as they arrive', async () => {
    startRun();
    expect(socket().url).toMatch(/\/ws\/v1\/activations\?access_token=secret%20key$/);
    expect(socket().binaryType).toBe('arraybuffer');
    expect(JSON.parse(socket().sent[0])).toEqual({
      model: 'tiny-b',
      text: 'ab',
      hooks: ['blocks.*.hook_resid_post', 'blocks.*.hook_mlp_out'],
      dtype: 'float16',
      generate: { maxNewTokens: 1 },
    });
    expect((screen.getByRole('button', { name: 'Start' }) as HTMLButtonElement).disabled).toBe(true);

    act(() => {
      socket().receive(residFrame(0, 0, 2, 0));
      socket().receive(residFrame(1, 0, 2, 1));
      socket().receive('{"type":"token","step":1,"tokenId":99,"text":"c"}');
      socket().receive(residFrame(0, 1, 1, 2));
    });
    const table = await screen.findByRole('table', { name: 'Activation frames' });
    await waitFor(() => expect(table.querySelectorAll('tr.frame-row')).toHaveLength(3));
    expect(within(table).getByText('Step 1: the pass over generated token', { exact: false })).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Generated tokens' })).getByText('c')).toBeTruthy();
    expect(
      within(table).getAllByRole('img', { name: /blocks\.0\.hook_resid_post: 2 positions, norm from 5\.00/ }),
    ).toHaveLength(1);
    expect(screen.getByRole('status').textContent).toMatch(/^Streaming: 3 frames/);

    act(() =>
      socket().receive('{"type":"summary","frames":3,"bytes":300,"tokens":[97,98],"generated":[99],"millis":7}'),
    );
    const summary = await screen.findByRole('region', { name: 'Summary' });
    expect(within(summary).getByText('7 ms')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toMatch(/^Done: 3 frames/);
    expect((screen.getByRole('button', { name: 'Start' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('cancels by a message on the open socket and says so', async () => {
    startRun();
    act(() => socket().receive(residFrame(0, 0, 2, 0)));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(JSON.parse(socket().sent[1])).toEqual({ type: 'cancel' });
    expect(screen.getByRole('status').textContent).toMatch(/^Cancelling/);
    act(() => socket().receive('{"type":"cancelled"}'));
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Cancelled after 1 frames/));
  });

  it('shows the server problem in words, and the next start reuses the socket', async () => {
    startRun();
    act(() =>
      socket().receive(
        JSON.stringify({
          type: 'error',
          problem: { status: 400, title: 'Unknown hook', detail: "No hook matches 'x'", suggestions: ['logits'] },
        }),
      ),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Unknown hook: No hook matches 'x' Did you mean logits\?/);
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    expect(MockWebSocket.instances).toHaveLength(1);
    expect(socket().sent).toHaveLength(2);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says in words when the connection drops mid-run', async () => {
    startRun();
    act(() => socket().drop(1008, 'stream stalled'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/connection closed during the run.*1008: stream stalled/);
  });

  it('closes the socket when the view is left', () => {
    const { unmount } = startRun();
    const open = socket();
    unmount();
    expect(open.readyState).toBe(MockWebSocket.CLOSED);
  });
});
