/**
 * The real attention panel at GPT-2 small's full shape (12 layers x 12 heads, 1,024 tokens) from mock patterns, with
 * probes that bench/run.ts drives through `window.attentionBench`. Not part of the app: `vite build` builds index.html
 * only.
 */
import { useEffect, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { AttentionPanel } from '../src/attention/AttentionPanel';
import { promptKey } from '../src/attention/layerLoading';
import { inductionHead, repeatedTokens } from '../src/attention/mocks/inductionHead';
import type { HeadPattern } from '../src/attention/pattern';
import { patternCache } from '../src/attention/useLayerPatterns';
import '../src/styles.css';
import { HEADS, LAYERS, TOKENS } from './shape';

/** An input event that starts a measurement: its `timeStamp` is when the browser received it. */
export type Trigger = 'pointermove' | 'keydown' | 'pointerdown';

export interface FirstPaint {
  /** Building the 144 mock patterns, before the data is ready (not part of the paint). */
  buildMs: number;
  /** From the data being ready (cached, as if fetched) to the frame after every canvas was drawn. */
  firstPaintMs: number;
  /** Canvases drawn at their final size by then: 144 thumbnails and the large view. */
  canvasesDrawn: number;
  /** `performance.memory.usedJSHeapSize` (Chromium) before and after building the patterns, and after the paint. */
  heap: { beforeData: number; afterData: number; afterPaint: number };
}

export interface AttentionBench {
  firstPaint: Promise<FirstPaint>;
  /** Starts a measurement at the next `trigger` event. */
  arm(trigger: Trigger): void;
  /** Ms from the armed event to the frame after the description changed and the large view was redrawn. */
  settled(): Promise<number>;
}

declare global {
  interface Window {
    attentionBench: AttentionBench;
  }
}

/** Induction heads of 10 strengths, from uniform causal attention (focus 0) to a sharp induction stripe (0.9). */
function mockLayers(): HeadPattern[][] {
  return Array.from({ length: LAYERS }, (_, layer) =>
    Array.from({ length: HEADS }, (_, head) =>
      inductionHead(TOKENS / 2, ((layer * HEADS + head) % 10) / 10, layer, head),
    ),
  );
}

/** Resolves just after the next frame is painted: rAF callbacks run before the paint, a task posted from one after. */
function afterNextPaint(): Promise<number> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    }),
  );
}

function usedHeap(): number {
  return (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN;
}

function drawnCanvases(): number {
  const drawn = (canvas: HTMLCanvasElement) =>
    canvas.width === Math.round(parseFloat(canvas.style.width) * window.devicePixelRatio);
  return Array.from(document.querySelectorAll('canvas')).filter(drawn).length;
}

/**
 * Watches the panel from outside: an armed measurement starts at its trigger event and is complete once the focus
 * description's text changed and the large view's canvas was drawn again, then waits for the next frame.
 */
function updateProbe(): Pick<AttentionBench, 'arm' | 'settled'> {
  let trigger: Trigger | null = null;
  let start: number | null = null;
  let described = false;
  let drawn = false;
  let wake = () => {};

  for (const type of ['pointermove', 'keydown', 'pointerdown'] as const) {
    const onInput = (event: Event) => {
      if (type === trigger && start === null) start = event.timeStamp;
    };
    window.addEventListener(type, onInput, { capture: true });
  }
  new MutationObserver((records) => {
    const inDescription = (node: Node) =>
      (node instanceof Element ? node : node.parentElement)?.closest('.attention-description');
    if (trigger && records.some((record) => inDescription(record.target))) {
      described = true;
      wake();
    }
  }).observe(document.body, { childList: true, characterData: true, subtree: true });
  const drawImage = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (this: CanvasRenderingContext2D, ...args: unknown[]) {
    if (trigger && this.canvas.closest('.attention-main')) {
      drawn = true;
      wake();
    }
    Reflect.apply(drawImage, this, args);
  };

  return {
    arm(next) {
      [trigger, start, described, drawn] = [next, null, false, false];
    },
    settled() {
      return new Promise((resolve, reject) => {
        const timeout = setTimeout(
          () => reject(new Error(`No update in 5 s: ${JSON.stringify({ trigger, start, described, drawn })}`)),
          5000,
        );
        wake = () => {
          if (start === null || !described || !drawn) return;
          const from = start;
          [trigger, wake] = [null, () => {}];
          clearTimeout(timeout);
          void afterNextPaint().then((end) => resolve(end - from));
        };
        wake();
      });
    },
  };
}

/** Calls `onPainted` after the first frame that shows its children; its effect runs after theirs (canvases drawn). */
function Painted({ onPainted, children }: { onPainted: (at: number) => void; children: ReactNode }) {
  useEffect(() => void afterNextPaint().then(onPainted), [onPainted]);
  return children;
}

function start(): AttentionBench {
  const tokenStrings = repeatedTokens(TOKENS / 2);
  const tokens = tokenStrings.map((text) => text.charCodeAt(0));
  const model = { name: 'mock-gpt2-small', layers: LAYERS, heads: HEADS };

  const beforeData = usedHeap();
  const buildStart = performance.now();
  mockLayers().forEach((heads, layer) => patternCache.set(promptKey(model.name, tokens), layer, heads));
  const dataReady = performance.now();
  const afterData = usedHeap();

  const firstPaint = new Promise<FirstPaint>((resolve) => {
    const painted = (at: number) =>
      resolve({
        buildMs: dataReady - buildStart,
        firstPaintMs: at - dataReady,
        canvasesDrawn: drawnCanvases(),
        heap: { beforeData, afterData, afterPaint: usedHeap() },
      });
    createRoot(document.getElementById('root')!).render(
      <Painted onPainted={painted}>
        <AttentionPanel model={model} tokens={tokens} tokenStrings={tokenStrings} />
      </Painted>,
    );
  });
  return { firstPaint, ...updateProbe() };
}

window.attentionBench = start();
