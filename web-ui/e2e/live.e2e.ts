import type { Browser, Page } from 'playwright-core';
import { launch, screenshot, signedInPage } from './browser';

const MODEL = 'tiny-gpt2-bytes';
const LAYERS = 4;

async function request(
  page: Page,
  { newTokens, moreHooks = '', model = MODEL }: { newTokens: number; moreHooks?: string; model?: string },
) {
  await page.getByLabel('Model').selectOption(model);
  await page.getByLabel('Prompt').fill('The quick brown fox');
  await page.getByLabel('New tokens').fill(String(newTokens));
  await page.getByLabel('More hooks').fill(moreHooks);
}

async function summaryValue(page: Page, term: string): Promise<number> {
  const text = await page.getByRole('region', { name: 'Summary' }).locator(`dt:text-is("${term}") + dd`).textContent();
  return Number((text ?? '').replace(/,/g, ''));
}

describe('the live view', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('streams resid_post of every layer for the prompt pass and each generated token, then cancels a long run', async () => {
    const { page, problems } = await signedInPage(browser, '#/live');
    await request(page, { newTokens: 4 });
    expect(await page.getByRole('checkbox', { name: 'resid_post' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Start' }).click();

    const status = page.getByRole('status');
    await page.getByRole('region', { name: 'Summary' }).waitFor();
    expect(await status.textContent()).toMatch(/^Done: /);

    // The model may stop early at its end-of-sequence token: one pass for the prompt, then one per generated token.
    const generated = await summaryValue(page, 'Generated tokens');
    expect(generated).toBeGreaterThanOrEqual(1);
    expect(generated).toBeLessThanOrEqual(4);
    const passes = 1 + generated;
    const table = page.getByRole('table', { name: 'Activation frames' });
    const rows = table.locator('tr.frame-row');
    expect(await rows.count()).toBe(LAYERS * passes);
    expect(await summaryValue(page, 'Frames')).toBe(LAYERS * passes);
    expect(await table.locator('tbody').count()).toBe(passes);
    for (let layer = 0; layer < LAYERS; layer++) {
      expect(await rows.filter({ hasText: `blocks.${layer}.hook_resid_post` }).count()).toBe(passes);
    }
    // The prompt pass covers all 19 byte tokens; each later pass the one new token.
    expect(await table.locator('tbody').first().locator('tr.frame-row').first().textContent()).toContain(
      '[1, 19, 192]',
    );
    expect(await table.locator('tbody').last().locator('tr.frame-row').first().textContent()).toContain('[1, 1, 192]');
    expect(
      await table
        .getByRole('img', { name: /^L2 norm per position of blocks\.3\.hook_resid_post: 19 positions/ })
        .count(),
    ).toBe(1);
    const tokens = page.getByRole('region', { name: 'Generated tokens' }).locator('.token.chip');
    expect(await tokens.count()).toBe(generated);
    await screenshot(page, 'live');

    // Every hook, 200 tokens on tiny-induction-2l (which, unlike tiny-gpt2-bytes, does not stop early at an
    // end-of-sequence token on this prompt): 41 hooks x 201 passes, so the cancel lands mid-way even on a slow machine.
    await request(page, { newTokens: 200, moreHooks: '**', model: 'tiny-induction-2l' });
    await page.getByRole('button', { name: 'Start' }).click();
    // At once, while the page is still idle: a page busy drawing thousands of frames may not take the click before the
    // server has finished (it did on a loaded 2-core machine), and a cancel after the end rightly changes nothing.
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('.live-status.phase-cancelled').waitFor();
    const cancelled = (await status.textContent()) ?? '';
    const frames = Number(/after ([\d,]+) frames/.exec(cancelled)?.[1].replace(/,/g, ''));
    // Stopped at a hook before the end: anything from none to fewer than all 41 hooks x 201 passes.
    expect(frames).toBeGreaterThanOrEqual(0);
    expect(frames).toBeLessThan(41 * 201);
    expect(await page.getByRole('region', { name: 'Summary' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Start' }).isEnabled()).toBe(true);
    await screenshot(page, 'live-cancelled');
    expect(problems).toEqual([]);
  });
});
