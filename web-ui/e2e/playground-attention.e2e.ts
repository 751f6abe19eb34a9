import type { Browser, Page } from 'playwright-core';
import { launch, screenshot, signedInPage } from './browser';

const HALF = 40; // "Repeated random sequence": 40 random printable bytes, then the same 40 again

/** The data-score of head `label` ("L1H0") in the detector table. */
async function score(page: Page, label: string): Promise<number> {
  return Number(await page.locator(`.detector-table [data-head="${label}"]`).getAttribute('data-score'));
}

describe('the playground’s attention and head detector panels', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('find the induction heads of tiny-induction-2l and show what they attend to', async () => {
    const { page, problems } = await signedInPage(browser, '#/playground');
    const binaryRuns: string[] = [];
    page.on('request', (request) => {
      if (!request.url().includes('format=safetensors')) return;
      const { hooks, dtype } = request.postDataJSON() as { hooks: string[]; dtype: string };
      binaryRuns.push(`${hooks.join()} ${dtype}`);
    });
    await page.getByLabel('Model').selectOption('tiny-induction-2l');
    await page.getByRole('button', { name: 'Repeated random sequence' }).click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const heading = page.getByRole('heading', { name: /tokens on tiny-induction-2l/ });
    await heading.waitFor();
    // Byte tokens, one per character; anything beyond the 80 characters is a BOS token the run prepended.
    const bos = Number((await heading.textContent())?.match(/^(\d+) tokens/)?.[1]) - 2 * HALF;
    expect([0, 1]).toContain(bos);
    // The attention panel (the first tab) fetched its patterns as float16 safetensors, one run per layer, layer 0 first.
    await page.waitForFunction(() => document.querySelectorAll('.head-thumb canvas').length === 8);
    const layerRuns = ['blocks.0.attn.hook_pattern float16', 'blocks.1.attn.hook_pattern float16'];
    expect(binaryRuns).toEqual(layerRuns);

    await page.getByRole('tab', { name: 'Head detectors' }).click();
    await page.getByLabel('Kind of head').selectOption('induction');
    await page.getByRole('table', { name: /Induction heads: score of each head/ }).waitFor();
    for (const head of ['L1H0', 'L1H1', 'L1H3']) expect(await score(page, head)).toBeGreaterThan(0.4);
    for (const head of ['L0H0', 'L0H1', 'L0H2', 'L0H3']) expect(await score(page, head)).toBeLessThan(0.1);
    expect(await page.locator('.detector-table [data-head="L1H0"]').textContent()).toMatch(/^0\.\d\d$/);
    await screenshot(page, 'playground-detectors');

    await page.getByRole('tab', { name: 'Attention' }).click();
    // Back on the tab, the patterns come from the cache: no run again.
    await page.waitForFunction(() => document.querySelectorAll('.head-thumb canvas').length === 8);
    expect(binaryRuns).toEqual(layerRuns);
    await page.getByRole('button', { name: 'L1H1' }).click();
    expect(await page.getByRole('button', { name: 'L1H1' }).getAttribute('aria-pressed')).toBe('true');
    const description = page.locator('.attention-description');
    // A token of the repeat at position q first occurred at q - 40; an induction head attends to the token after it.
    for (const offset of [5, 20, 33]) {
      const query = bos + HALF + offset;
      await page.getByRole('button', { name: new RegExp(`^position ${query}:`) }).focus();
      expect(await description.textContent()).toMatch(
        new RegExp(`position ${query} .* attends most to ${query - HALF + 1} `),
      );
    }
    // The pointer does the same, and a click locks it.
    const query = bos + HALF + 25;
    const token = page.getByRole('button', { name: new RegExp(`^position ${query}:`) });
    await token.hover();
    expect(await description.textContent()).toMatch(new RegExp(`attends most to ${query - HALF + 1} `));
    await token.click();
    expect(await description.textContent()).toMatch(/\(locked\)$/);

    // The canvas drew the pattern: the induction cell is dark, a cell above the diagonal (the future) is white.
    const canvas = page.getByRole('img', { name: /Attention pattern of L1H1/ });
    const pixel = (q: number, k: number) =>
      canvas.evaluate(
        (element, [q, k, size]) => {
          const c = element as HTMLCanvasElement;
          const cell = c.width / size;
          const data = c
            .getContext('2d')
            ?.getImageData(Math.floor((k + 0.5) * cell), Math.floor((q + 0.5) * cell), 1, 1).data;
          return data ? [data[0], data[1], data[2]] : [];
        },
        [q, k, bos + 2 * HALF],
      );
    expect((await pixel(query, query - HALF + 1))[0]).toBeLessThan(100);
    expect(await pixel(10, 60)).toEqual([255, 255, 255]);
    await screenshot(page, 'playground-attention');
    expect(problems).toEqual([]);
  });
});
