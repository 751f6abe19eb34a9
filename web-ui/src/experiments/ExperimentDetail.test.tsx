import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ApiError } from '../api/client';
import { ExperimentsView } from './ExperimentsView';
import { experimentsApi } from './experimentsApi';
import { leftRun, models, rightRun, summary, version, VERSION_SHA } from './mocks/experiments';

vi.mock('./experimentsApi', () => ({
  experimentsApi: {
    list: vi.fn(),
    versions: vi.fn(),
    runs: vi.fn(),
    models: vi.fn(),
    rerun: vi.fn(),
    replay: vi.fn(),
  },
}));

const mocked = vi.mocked(experimentsApi);

beforeEach(() => {
  vi.resetAllMocks();
  mocked.list.mockResolvedValue([summary]);
  mocked.versions.mockResolvedValue([version]);
  mocked.runs.mockResolvedValue([leftRun, rightRun]);
  mocked.models.mockResolvedValue(models);
});

describe('the experiment list', () => {
  it('lists each experiment with a link to it', async () => {
    render(<ExperimentsView route={[]} />);
    const link = await screen.findByRole('link', { name: 'induction' });
    expect(link.getAttribute('href')).toBe('#/experiments/admin/induction');
    expect(screen.getByRole('table', { name: 'Experiments' }).textContent).toContain('private');
  });

  it('says so when there is none', async () => {
    mocked.list.mockResolvedValue([]);
    render(<ExperimentsView route={[]} />);
    expect(await screen.findByText(/No experiment yet/)).toBeTruthy();
  });
});

describe('an experiment', () => {
  it('shows its versions, the definition as readable JSON and the runs of the version', async () => {
    render(<ExperimentsView route={['admin', 'induction']} />);
    const definition = await screen.findByLabelText('Definition JSON');
    expect(JSON.parse(definition.textContent ?? '')).toEqual(version.definition);
    expect(within(screen.getByRole('table', { name: 'Versions' })).getByText(VERSION_SHA.slice(0, 12))).toBeTruthy();
    const runs = await screen.findByRole('table', { name: 'Runs' });
    expect(within(runs).getAllByRole('row')).toHaveLength(3);
    expect(within(runs).getByText('replay')).toBeTruthy();
    expect(mocked.runs).toHaveBeenCalledWith('admin', 'induction', VERSION_SHA);
  });

  it('re-runs the version with its definition and lists the runs again', async () => {
    mocked.rerun.mockResolvedValue(leftRun);
    render(<ExperimentsView route={['admin', 'induction']} />);
    await screen.findByRole('table', { name: 'Runs' });
    fireEvent.click(screen.getByRole('button', { name: 'Re-run' }));
    await screen.findByRole('link', { name: 'open the run' });
    expect(mocked.rerun).toHaveBeenCalledWith(version.definition);
    await waitFor(() => expect(mocked.runs).toHaveBeenCalledTimes(2));
  });

  it('replays on another model only, the one chosen', async () => {
    mocked.replay.mockResolvedValue(rightRun);
    render(<ExperimentsView route={['admin', 'induction']} />);
    const select = await screen.findByLabelText<HTMLSelectElement>('Replay on');
    await waitFor(() => expect(select.options.length).toBe(2));
    expect([...select.options].map((o) => o.value)).toEqual(['tiny-gpt2-bytes', 'tiny-llama-bytes']);
    fireEvent.change(select, { target: { value: 'tiny-llama-bytes' } });
    fireEvent.click(screen.getByRole('button', { name: 'Replay' }));
    await screen.findByRole('link', { name: 'open the run' });
    expect(mocked.replay).toHaveBeenCalledWith('admin', 'induction', VERSION_SHA, 'tiny-llama-bytes');
  });

  it('says in words why a viewer may not run', async () => {
    mocked.rerun.mockRejectedValue(
      new ApiError({ status: 403, title: 'Forbidden', detail: 'A viewer key may not run experiments' }),
    );
    render(<ExperimentsView route={['admin', 'induction']} />);
    await screen.findByRole('table', { name: 'Runs' });
    fireEvent.click(screen.getByRole('button', { name: 'Re-run' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Running the experiment failed');
    expect(alert.textContent).toContain('A viewer key may not run experiments');
    expect(alert.textContent).toContain('403');
  });

  it('links to the diff of exactly the two runs picked', async () => {
    render(<ExperimentsView route={['admin', 'induction']} />);
    await screen.findByRole('table', { name: 'Runs' });
    expect(screen.queryByRole('link', { name: 'Compare the two picked runs' })).toBeNull();
    fireEvent.click(screen.getByLabelText(`Compare run ${leftRun.id?.slice(0, 8)}`));
    fireEvent.click(screen.getByLabelText(`Compare run ${rightRun.id?.slice(0, 8)}`));
    const link = screen.getByRole('link', { name: 'Compare the two picked runs' });
    expect(link.getAttribute('href')).toBe(`#/experiments/admin/induction/diff/${leftRun.id}/${rightRun.id}`);
  });
});
