import type { Browser, Locator, Page } from 'playwright-core';
import { launch, screenshot, signedInPage } from './browser';

const PROMPT = 'The cat sat on the mat. The cat';

/** The numbers in the Value column of the rows of one kind (component, head, constant, total, actual). */
async function values(table: Locator, part: string): Promise<number[]> {
  const cells = await table.locator(`tr[data-part="${part}"] td.num`).allTextContents();
  return cells.map(Number);
}

const sum = (numbers: number[]) => numbers.reduce((a, b) => a + b, 0);

describe('the logit lens and residual panels of the playground', () => {
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let topPredictionId: number;

  beforeAll(async () => {
    browser = await launch();
    ({ page, problems } = await signedInPage(browser, '#/playground'));
    await page.getByLabel('Model').selectOption('tiny-gpt2-bytes');
    await page.getByRole('textbox', { name: 'Prompt' }).fill(PROMPT);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const predictions = page.getByRole('table', { name: 'Next-token predictions' });
    await predictions.waitFor();
    topPredictionId = Number(await predictions.locator('tbody tr').first().locator('td').nth(1).textContent());
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows one row per layer and one column per token; the final layer at the last position is the top prediction', async () => {
    await page.getByRole('tab', { name: 'Logit lens' }).click();
    const heatmap = page.getByRole('group', { name: /Logit lens heatmap/ });
    await heatmap.waitFor();
    expect(await heatmap.getAttribute('data-rows')).toBe('5'); // 4 layers' resid_pre + final
    expect(await heatmap.getAttribute('data-cols')).toBe(String(PROMPT.length)); // one byte per token
    expect(await heatmap.getAttribute('aria-label')).toMatch(/5 layers \(rows\) by 31 positions/);

    const details = page.getByRole('region', { name: 'Selected cell' });
    expect(await details.textContent()).toMatch(/Layer final, position 30/);
    const topIds = page
      .getByRole('table', { name: 'Top tokens of the selected cell' })
      .locator('tbody tr td:nth-child(3)');
    expect(Number(await topIds.first().textContent())).toBe(topPredictionId);

    // The keyboard moves the selection: up a layer, then left a position, which has a true next token and a loss.
    await heatmap.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowLeft');
    expect(await details.textContent()).toMatch(
      /Layer L3_resid_pre, position 29 .*true next token “t” is \d+\.\d{3} nats/,
    );
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await screenshot(page, 'playground-logit-lens');
    expect(problems).toEqual([]);
  });

  it('attributes the logit to components that sum, with the constant, to the total, which is the actual logit', async () => {
    await page.getByRole('tab', { name: 'Residual & logit attribution' }).click();
    const table = page.getByRole('table', { name: 'Components' });
    await table.waitFor();
    expect(await page.getByLabel('Attribute at position').inputValue()).toBe('30');
    expect(Number(await page.getByLabel('Target token id').inputValue())).toBe(topPredictionId);

    const components = await values(table, 'component');
    expect(components).toHaveLength(2 + 2 * 4); // embed, pos_embed, then attention and MLP of 4 layers
    const [constant] = await values(table, 'constant');
    const [total] = await values(table, 'total');
    const [actual] = await values(table, 'actual');
    expect(Math.abs(total - actual)).toBeLessThan(1e-3);
    expect(Math.abs(sum(components) + constant - total)).toBeLessThan(1e-3);

    // A layer's attention expands, by keyboard, to its 6 heads and its bias, which sum to it.
    const disclosure = page.getByRole('button', { name: 'L1 attention' });
    await disclosure.focus();
    await page.keyboard.press('Enter');
    expect(await disclosure.getAttribute('aria-expanded')).toBe('true');
    const heads = await values(table, 'head');
    expect(heads).toHaveLength(7);
    expect(Math.abs(sum(heads) - components[4])).toBeLessThan(1e-3);
    await screenshot(page, 'playground-residual');
    expect(problems).toEqual([]);
  });
});
