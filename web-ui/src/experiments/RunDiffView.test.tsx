import { render, screen, within } from '@testing-library/react';
import { ExperimentsView } from './ExperimentsView';
import { experimentsApi } from './experimentsApi';
import { leftRun, LEFT_ID, rightRun, runDiff } from './mocks/experiments';

vi.mock('./experimentsApi', () => ({ experimentsApi: { run: vi.fn(), diff: vi.fn() } }));

const mocked = vi.mocked(experimentsApi);

beforeEach(() => vi.resetAllMocks());

describe('a run diff', () => {
  it('shows each section as equal or as its differences, and the metrics side by side', async () => {
    mocked.diff.mockResolvedValue(runDiff);
    mocked.run.mockImplementation(async (id) => (id === LEFT_ID ? leftRun : rightRun));
    render(<ExperimentsView route={['admin', 'induction', 'diff', LEFT_ID, rightRun.id ?? '']} />);
    const manifest = await screen.findByRole('table', { name: 'Differences in manifest' });
    const row = within(manifest).getByRole('rowheader', { name: 'model' }).closest('tr');
    expect(row?.textContent).toContain('tiny-induction-2l');
    expect(row?.textContent).toContain('tiny-gpt2-bytes');
    expect(screen.getByRole('heading', { name: /Definition/ }).textContent).toContain('equal');
    expect(screen.queryByRole('table', { name: 'Differences in definition' })).toBeNull();
    expect(screen.getByRole('heading', { name: /Step results/ }).textContent).toContain('2 differences');
    const side = screen.getByRole('table', { name: 'Metrics side by side' });
    const cells = within(side).getByRole('rowheader', { name: 'inductionL1H0' }).closest('tr')?.querySelectorAll('td');
    // right − left of the two runs' metric
    expect(cells?.[2].textContent).toBe(String(Number((0.018108485 - 0.4648896).toPrecision(4))));
  });

  it('says what failed when a run of the pair cannot be read', async () => {
    mocked.diff.mockRejectedValue(new Error('unknown run'));
    mocked.run.mockResolvedValue(leftRun);
    render(<ExperimentsView route={['admin', 'induction', 'diff', LEFT_ID, 'nope']} />);
    expect((await screen.findByRole('alert')).textContent).toContain('Loading the comparison failed');
  });
});
