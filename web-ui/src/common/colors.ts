/**
 * Colour scales for the dashboard, colour-blind safe: a sequential scale (white → blue) for values in [0, 1] such as
 * attention and probabilities, and a diverging scale (red ← white → blue) for signed values such as logit
 * attributions. Text on a cell switches to white where the background is dark.
 */

/** An RGB colour with channels in [0, 255]. */
export interface Rgb {
  r: number;
  g: number;
  b: number;
}

const WHITE: Rgb = { r: 255, g: 255, b: 255 };
const BLUE: Rgb = { r: 8, g: 69, b: 148 };
const RED: Rgb = { r: 178, g: 24, b: 43 };

function clamp01(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

function mix(from: Rgb, to: Rgb, t: number): Rgb {
  return {
    r: Math.round(from.r + (to.r - from.r) * t),
    g: Math.round(from.g + (to.g - from.g) * t),
    b: Math.round(from.b + (to.b - from.b) * t),
  };
}

/** Sequential colour of a value in [0, 1] (clamped; NaN is white): 0 white, 1 dark blue. */
export function sequentialColor(value: number): Rgb {
  return mix(WHITE, BLUE, clamp01(value));
}

/**
 * Diverging colour of a signed value relative to `maxAbs` (> 0): negative red, zero white, positive blue, reaching
 * full saturation at ±maxAbs.
 */
export function divergingColor(value: number, maxAbs: number): Rgb {
  if (!(maxAbs > 0) || Number.isNaN(value)) return WHITE;
  const t = clamp01(Math.abs(value) / maxAbs);
  return mix(WHITE, value < 0 ? RED : BLUE, t);
}

/** CSS `rgb(...)` of a colour. */
export function css({ r, g, b }: Rgb): string {
  return `rgb(${r}, ${g}, ${b})`;
}

/** Relative luminance (WCAG 2), in [0, 1]. */
export function luminance({ r, g, b }: Rgb): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** Black or white, whichever reads better on `background` (higher WCAG contrast). */
export function textColorOn(background: Rgb): string {
  const l = luminance(background);
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#ffffff' : '#000000';
}

/** CircuitsVis' token colouring: the background of a token given its value in [0, 1] (e.g. attention to it). */
export function tokenBackground(value: number): string {
  return css(sequentialColor(value));
}
