import { useEffect, useMemo, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { hitTest, patternPixels, pooledPixels, type Cell, type HeadPattern } from './pattern';

export interface PatternCanvasProps {
  /** The head's pattern, [query_pos x key_pos], rows sum to 1. */
  pattern: HeadPattern;
  /** Drawn width and height in CSS pixels. */
  cssSize: number;
  /** The most image pixels per side to keep (thumbnails: a few per CSS pixel); default: one per cell. */
  resolution?: number;
  /** Accessible name of the drawing; empty for a decorative one (a thumbnail inside a labelled button). */
  label: string;
  /** A row (query) or column (key) to outline, e.g. the focused token's. */
  highlight?: { axis: 'row' | 'column'; position: number } | null;
  /** A cell to outline, e.g. the one under the pointer. */
  cell?: Cell | null;
  /** The cell under the pointer (null when it leaves); given, the canvas is interactive. */
  onHover?: (cell: Cell | null) => void;
  onClick?: (cell: Cell) => void;
  onKeyDown?: (event: KeyboardEvent<HTMLCanvasElement>) => void;
}

/**
 * A pattern drawn on a canvas, one cell per (query, key), coloured white (0) to blue (1). The pixels are computed once
 * per pattern; hovering only redraws the outlines, so a 1,024-token pattern stays interactive.
 */
export function PatternCanvas({
  pattern,
  cssSize,
  resolution,
  label,
  highlight,
  cell,
  onHover,
  onClick,
  onKeyDown,
}: PatternCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const image = useMemo(() => patternImage(pattern, resolution ?? pattern.size), [pattern, resolution]);

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context || !image) return;
    const scale = window.devicePixelRatio || 1;
    const side = Math.round(cssSize * scale);
    context.canvas.width = side;
    context.canvas.height = side;
    context.imageSmoothingEnabled = image.width > side;
    context.drawImage(image, 0, 0, side, side);
    const cellSide = side / pattern.size;
    context.lineWidth = Math.max(1, scale);
    if (highlight) {
      context.strokeStyle = '#f0a500';
      const at = highlight.position * cellSide;
      if (highlight.axis === 'row') context.strokeRect(0, at, side, Math.max(cellSide, 1));
      else context.strokeRect(at, 0, Math.max(cellSide, 1), side);
    }
    if (cell) {
      context.strokeStyle = '#d62728';
      const pad = Math.max(cellSide, 2);
      context.strokeRect(
        cell.key * cellSide - (pad - cellSide) / 2,
        cell.query * cellSide - (pad - cellSide) / 2,
        pad,
        pad,
      );
    }
  }, [image, cssSize, pattern.size, highlight, cell]);

  const cellAt = (event: MouseEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return hitTest(event.clientX - box.left, event.clientY - box.top, box.width, box.height, pattern.size);
  };

  return (
    <canvas
      ref={canvas}
      className="pattern-canvas"
      style={{ width: cssSize, height: cssSize }}
      role={label ? 'img' : undefined}
      aria-label={label || undefined}
      aria-hidden={label ? undefined : true}
      tabIndex={onKeyDown ? 0 : undefined}
      onPointerMove={onHover && ((event) => onHover(cellAt(event)))}
      onPointerLeave={onHover && (() => onHover(null))}
      onClick={
        onClick &&
        ((event) => {
          const hit = cellAt(event);
          if (hit) onClick(hit);
        })
      }
      onKeyDown={onKeyDown}
    />
  );
}

/**
 * The pattern at one pixel per cell, or pooled to `resolution` pixels per side, on an off-screen canvas to scale from;
 * null where canvases cannot draw (jsdom).
 */
function patternImage(pattern: HeadPattern, resolution: number): HTMLCanvasElement | null {
  const offscreen = document.createElement('canvas');
  const context = offscreen.getContext('2d');
  if (!context) return null;
  const side = Math.min(pattern.size, resolution);
  offscreen.width = side;
  offscreen.height = side;
  const pixels = side === pattern.size ? patternPixels(pattern) : pooledPixels(pattern, side);
  context.putImageData(new ImageData(pixels, side, side), 0, 0);
  return offscreen;
}
