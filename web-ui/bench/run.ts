/**
 * `npm run bench`: the attention panel at 12 layers x 12 heads x 1,024 tokens (bench/attention.html) in Debian's
 * headless chromium, served by a Vite dev server started here. Per run (a fresh page each), it measures the first
 * paint, hovering the large view, arrowing along the token strip and selecting other heads; see BENCHMARKS.md.
 * Knobs: BENCH_RUNS (default 3); BENCH_REACT=development measures React's development build (default: production).
 */
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer } from 'vite';
import { executablePath, FLAGS } from '../e2e/browser';
import type { FirstPaint, Trigger } from './attentionBench';
import { HEADS, LAYERS } from './shape';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const HOVERS = 200;
const KEY_PRESSES = 200;
const SELECTIONS = 20;
const FRAME_MS = 1000 / 60;

interface RunResult {
  paint: FirstPaint;
  hover: number[];
  keys: number[];
  select: number[];
}

/** Times one input: arms the page's probe, performs the input, and waits for the frame after the view updated. */
async function timed(page: Page, trigger: Trigger, input: () => Promise<void>): Promise<number> {
  await page.evaluate((t) => window.attentionBench.arm(t), trigger);
  await input();
  return page.evaluate(() => window.attentionBench.settled());
}

async function measure(browser: Browser, url: string): Promise<RunResult> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1100 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(url);
  await page.waitForFunction(() => window.attentionBench !== undefined);
  const paint = await page.evaluate(() => window.attentionBench.firstPaint);

  const canvas = page.getByRole('img', { name: /^Attention pattern of/ });
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const hover: number[] = [];
  for (let i = 0; i < HOVERS; i++) {
    // Consecutive points 97 px apart vertically: a different query row (about 2.3 rows a pixel), so a new description.
    const x = box.x + 1.5 + ((i * 61) % (box.width - 3));
    const y = box.y + 1.5 + ((i * 97) % (box.height - 3));
    hover.push(await timed(page, 'pointermove', () => page.mouse.move(x, y)));
  }
  await page.mouse.move(0, 0);

  await page.focus('#attention-token-0');
  const keys: number[] = [];
  for (let i = 0; i < KEY_PRESSES; i++)
    keys.push(await timed(page, 'keydown', () => page.keyboard.press('ArrowRight')));

  const select: number[] = [];
  for (let i = 1; i <= SELECTIONS; i++) {
    const index = (i * 5) % (LAYERS * HEADS);
    const thumbnail = `#head-thumb-L${Math.floor(index / HEADS)}H${index % HEADS}`;
    select.push(await timed(page, 'pointerdown', () => page.click(thumbnail)));
  }
  await context.close();
  return { paint, hover, keys, select };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const spread = (values: number[]) =>
  `median ${ms(quantile(values, 0.5))}, p95 ${ms(quantile(values, 0.95))}, max ${ms(Math.max(...values))}`;

function report(run: number, { paint, hover, keys, select }: RunResult): void {
  const { beforeData, afterData, afterPaint } = paint.heap;
  console.log(`run ${run}:`);
  console.log(`  mock patterns built in ${ms(paint.buildMs)} (not timed below)`);
  console.log(
    `  first paint: ${ms(paint.firstPaintMs)}, ${paint.canvasesDrawn} of ${LAYERS * HEADS + 1} canvases drawn`,
  );
  console.log(`  JS heap: ${mib(beforeData)} before the data, ${mib(afterData)} after, ${mib(afterPaint)} after paint`);
  console.log(
    `  hover (${hover.length}): ${spread(hover)}; median / 16.7 ms = ${(quantile(hover, 0.5) / FRAME_MS).toFixed(2)}`,
  );
  console.log(`  ArrowRight (${keys.length}): ${spread(keys)}`);
  console.log(`  select head (${select.length}): ${spread(select)}`);
}

process.env.NODE_ENV = process.env.BENCH_REACT ?? 'production';
const root = fileURLToPath(new URL('..', import.meta.url));
const server = await createServer({ root, logLevel: 'warn', server: { host: '127.0.0.1', port: 0 } });
await server.listen();
const { port } = server.httpServer!.address() as AddressInfo;
const browser = await chromium.launch({ executablePath, args: [...FLAGS, '--enable-precise-memory-info'] });
try {
  console.log(
    `${cpus().length} CPUs (${cpus()[0]?.model}), load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(`Chromium ${browser.version()}, headless, --disable-gpu; React ${process.env.NODE_ENV} build`);
  const runs: RunResult[] = [];
  for (let run = 1; run <= RUNS; run++) {
    runs.push(await measure(browser, `http://127.0.0.1:${port}/bench/attention.html`));
    report(run, runs[runs.length - 1]);
  }
  console.log(
    `all runs: first paint median ${ms(
      quantile(
        runs.map((r) => r.paint.firstPaintMs),
        0.5,
      ),
    )}`,
  );
  console.log(`  hover: ${spread(runs.flatMap((r) => r.hover))}`);
  console.log(`  ArrowRight: ${spread(runs.flatMap((r) => r.keys))}`);
  console.log(`  select head: ${spread(runs.flatMap((r) => r.select))}`);
  console.log(
    `  load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  await browser.close();
  await server.close();
}
