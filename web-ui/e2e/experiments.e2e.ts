import type { Browser } from 'playwright-core';
import { baseUrl, key, launch, screenshot, signedInPage } from './browser';

interface RunRecord {
  id: string;
  owner: string;
  experiment: string;
  version: string;
  status: string;
  model: string;
  metrics: Record<string, number>;
}

interface DiffReport {
  equal: boolean;
  differences: { path: string; kind: string; left: unknown; right: unknown }[];
}

type RunDiff = Record<'definition' | 'manifest' | 'results' | 'metrics', DiffReport>;

async function apiCall<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** 20 random printable bytes, twice: the second half is predictable by induction heads. */
function repeatedRandomTokens(length: number): number[] {
  const half = Array.from({ length }, () => 32 + Math.floor(Math.random() * 95));
  return [...half, ...half];
}

describe('the experiments view', () => {
  const name = `e2e-induction-${Date.now()}`;
  let browser: Browser;
  let first: RunRecord;
  let replay: RunRecord;
  let apiDiff: RunDiff;

  beforeAll(async () => {
    const definition = {
      name,
      model: { name: 'tiny-induction-2l' },
      inputs: { tokens: [repeatedRandomTokens(20)] },
      steps: [
        {
          id: 'detect',
          tool: 'attention',
          method: 'detect_heads',
          params: { tokens: '${inputs.tokens.0}', kind: 'induction' },
        },
      ],
      metrics: { inductionL1H0: '${detect.scores.1.0}', inductionL1H1: '${detect.scores.1.1}' },
      seed: 1,
      plots: [{ type: 'attention', dataKeys: ['blocks.1.attn.hook_pattern'], options: { head: 0 } }],
    };
    first = await apiCall<RunRecord>('/api/v1/experiments/runs', { definition });
    replay = await apiCall<RunRecord>(`/api/v1/experiments/${first.owner}/${name}/versions/${first.version}/replay`, {
      model: 'tiny-gpt2-bytes',
    });
    expect([first.status, replay.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    apiDiff = await apiCall<RunDiff>(`/api/v1/runs/${first.id}/diff/${replay.id}`);
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lists the experiment, shows its version and runs, a run with its plot, and the diff of two runs', async () => {
    const { page, problems } = await signedInPage(browser, '#/experiments');
    const list = page.getByRole('table', { name: 'Experiments' });
    await list.getByRole('link', { name, exact: true }).waitFor();
    await screenshot(page, 'experiments-list');

    await list.getByRole('link', { name, exact: true }).click();
    const definition = page.getByLabel('Definition JSON');
    await definition.waitFor();
    expect(JSON.parse((await definition.textContent()) ?? '').name).toBe(name);
    const runs = page.getByRole('table', { name: 'Runs' });
    await runs.getByRole('link', { name: first.id.slice(0, 8) }).waitFor();
    expect(await runs.locator('tbody tr').count()).toBe(2);
    expect(await runs.getByText('replay').count()).toBe(1);
    await screenshot(page, 'experiment-detail');

    await runs.getByRole('link', { name: first.id.slice(0, 8) }).click();
    const metrics = page.getByRole('table', { name: 'Metrics' });
    await metrics.waitFor();
    const cell = metrics.getByRole('row', { name: /inductionL1H0/ }).locator('td');
    expect(Number(await cell.getAttribute('title'))).toBeCloseTo(first.metrics.inductionL1H0, 6);
    const plot = page.getByAltText(`Plot plots/0-attention.png of run ${first.id.slice(0, 8)}`);
    await plot.waitFor();
    await page.waitForFunction(
      (alt) => {
        const img = document.querySelector<HTMLImageElement>(`img[alt="${alt}"]`);
        return img !== null && img.complete && img.naturalWidth > 0;
      },
      `Plot plots/0-attention.png of run ${first.id.slice(0, 8)}`,
    );
    expect(await plot.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await screenshot(page, 'experiment-run');

    await page
      .getByRole('navigation', { name: 'Breadcrumbs' })
      .getByRole('link', { name: `${first.owner}/${name}` })
      .click();
    await page.getByLabel(`Compare run ${first.id.slice(0, 8)}`).check();
    await page.getByLabel(`Compare run ${replay.id.slice(0, 8)}`).check();
    await page.getByRole('link', { name: 'Compare the two picked runs' }).click();
    const manifest = page.getByRole('table', { name: 'Differences in manifest' });
    await manifest.waitFor();
    // Every section the API reports as differing has a table naming the same paths; equal ones have none.
    for (const [section, label] of [
      ['definition', 'definition'],
      ['manifest', 'manifest'],
      ['results', 'step results'],
      ['metrics', 'metrics'],
    ] as const) {
      const table = page.getByRole('table', { name: `Differences in ${label}` });
      if (apiDiff[section].equal) {
        expect(await table.count()).toBe(0);
      } else {
        const paths = await table.locator('tbody th').allTextContents();
        expect(paths).toEqual(apiDiff[section].differences.map((d) => d.path));
      }
    }
    const modelRow = manifest.getByRole('row', { name: /^model / });
    expect(await modelRow.textContent()).toContain('tiny-induction-2l');
    expect(await modelRow.textContent()).toContain('tiny-gpt2-bytes');
    await screenshot(page, 'experiment-diff');
    expect(problems).toEqual([]);
  });

  it('re-runs the version from its page and lists the new run', async () => {
    const { page, problems } = await signedInPage(browser, `#/experiments/${first.owner}/${name}`);
    const runs = page.getByRole('table', { name: 'Runs' });
    await runs.getByRole('link', { name: first.id.slice(0, 8) }).waitFor();
    await page.getByRole('button', { name: 'Re-run' }).click();
    await page.getByRole('link', { name: 'open the run' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Runs"] tbody tr').length === 3);
    expect(problems).toEqual([]);
  });
});
