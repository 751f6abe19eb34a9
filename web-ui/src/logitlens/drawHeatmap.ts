import { css, sequentialColor, textColorOn } from '../common/colors';
import { visibleToken } from '../common/visibleToken';
import { canvasSize, cellRect, cellTextMode, type Cell, type HeatmapGeometry } from './heatmapGeometry';
import type { LensData } from './lensData';

const FONT = '11px ui-monospace, Menlo, Consolas, monospace';

/** Cuts `text` with an ellipsis until it fits `width` pixels. */
function fit(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * Paints the heatmap: the prompt's tokens along the top, then each (layer, position) cell coloured by the top
 * token's probability, with its text where the cell is wide enough, and an outline around the selected cell.
 */
export function drawHeatmap(
  canvas: HTMLCanvasElement,
  g: HeatmapGeometry,
  data: LensData,
  promptTokens: string[],
  selected: Cell,
) {
  const ctx = canvas.getContext('2d');
  if (!ctx) return; // jsdom has no 2D context
  const { width, height } = canvasSize(g);
  const scale = window.devicePixelRatio || 1;
  canvas.width = width * scale;
  canvas.height = height * scale;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.font = FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';

  ctx.fillStyle = '#1d232b';
  promptTokens.forEach((token, col) => {
    ctx.fillText(fit(ctx, visibleToken(token), g.cellWidth - 2), (col + 0.5) * g.cellWidth, g.headerHeight / 2);
  });

  const mode = cellTextMode(g.cellWidth);
  for (let row = 0; row < g.rows; row++) {
    for (let col = 0; col < g.cols; col++) {
      const { x, y, width: w, height: h } = cellRect(g, { row, col });
      const probability = data.topProbabilities[row]?.[col]?.[0] ?? 0;
      const background = sequentialColor(probability);
      ctx.fillStyle = css(background);
      ctx.fillRect(x, y, w, h);
      ctx.strokeStyle = '#ffffff';
      ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
      if (mode === 'none') continue;
      const top = data.topTokens[row]?.[col]?.[0];
      const text = visibleToken(top === undefined ? '' : (data.tokenText[top] ?? String(top)));
      ctx.fillStyle = textColorOn(background);
      if (mode === 'token') {
        ctx.fillText(fit(ctx, text, w - 4), x + w / 2, y + h / 2);
      } else {
        ctx.fillText(fit(ctx, text, w - 4), x + w / 2, y + h * 0.33);
        ctx.fillText(`${Math.round(probability * 100)}%`, x + w / 2, y + h * 0.72);
      }
    }
  }

  const { x, y, width: w, height: h } = cellRect(g, selected);
  ctx.lineWidth = 3;
  ctx.strokeStyle = '#f0a500';
  ctx.strokeRect(x + 1.5, y + 1.5, w - 3, h - 3);
  ctx.lineWidth = 1;
}
