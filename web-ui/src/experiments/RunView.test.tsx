import { render, screen, within } from '@testing-library/react';
import { ExperimentsView } from './ExperimentsView';
import { experimentsApi } from './experimentsApi';
import { failedRun, leftRun, LEFT_ID } from './mocks/experiments';

vi.mock('./experimentsApi', () => ({ experimentsApi: { run: vi.fn() } }));

const mocked = vi.mocked(experimentsApi);
const createObjectURL = vi.fn((blob: Blob) => `blob:${blob.type}`);
const revokeObjectURL = vi.fn();

beforeEach(() => {
  vi.resetAllMocks();
  createObjectURL.mockImplementation((blob: Blob) => `blob:${blob.type}`);
  // jsdom has no object URLs
  Object.assign(URL, { createObjectURL, revokeObjectURL });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string) => {
      const type = path.endsWith('.svg') ? 'image/svg+xml' : 'image/png';
      return new Response(new Blob(['bytes'], { type }), { status: 200, headers: { 'Content-Type': type } });
    }),
  );
});

afterEach(() => vi.unstubAllGlobals());

describe('a run', () => {
  it('shows its metrics, steps, manifest and its PNG and SVG plots, revoking their URLs on unmount', async () => {
    mocked.run.mockResolvedValue(leftRun);
    const view = render(<ExperimentsView route={['admin', 'induction', 'runs', LEFT_ID]} />);
    const metrics = await screen.findByRole('table', { name: 'Metrics' });
    expect(within(metrics).getByRole('rowheader', { name: 'inductionL1H0' }).nextElementSibling?.textContent).toBe(
      '0.4649',
    );
    const png = await screen.findByAltText(`Plot plots/0-attention.png of run ${LEFT_ID.slice(0, 8)}`);
    expect(png.getAttribute('src')).toBe('blob:image/png');
    expect((await screen.findByAltText(/0-attention\.svg/)).getAttribute('src')).toBe('blob:image/svg+xml');
    expect(screen.getByRole('table', { name: 'Data artifacts' }).textContent).toContain('plots/0-attention.json');
    expect(JSON.parse(screen.getByLabelText('Result of step detect').textContent ?? '')).toEqual(
      (leftRun.steps as { result: unknown }[])[0].result,
    );
    expect(JSON.parse(screen.getByLabelText('Manifest JSON').textContent ?? '')).toEqual(leftRun.manifest);
    view.unmount();
    expect(revokeObjectURL.mock.calls.map(([url]) => url).sort()).toEqual(['blob:image/png', 'blob:image/svg+xml']);
  });

  it('says why a failed run failed', async () => {
    mocked.run.mockResolvedValue(failedRun);
    render(<ExperimentsView route={['admin', 'induction', 'runs', failedRun.id ?? '']} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The run failed');
    expect(alert.textContent).toContain('layer 5 is out of range');
    expect(screen.getByText('This run has no metrics.')).toBeTruthy();
  });
});
