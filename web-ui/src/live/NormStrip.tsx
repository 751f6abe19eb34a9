import { useEffect, useRef } from 'react';
import { describeNorms, formatNorm, normColors, sliceUnit } from './norms';

const HEIGHT = 14;

/** Pixels per position: wide cells for short prompts, at least 2 px for long ones. */
export function cellWidth(positions: number): number {
  return Math.max(2, Math.min(14, Math.floor(240 / Math.max(1, positions))));
}

export interface NormStripProps {
  /** The hook the norms belong to, for the label. */
  name: string;
  /** L2 norm per slice of dimension 1: [pos], or [head] for attention scores and patterns. */
  norms: number[];
  /** The norm drawn darkest (the largest of this hook so far). */
  max: number;
}

/**
 * One cell per position (per head for attention scores and patterns), coloured by its norm on the sequential scale;
 * the label says where the extremes sit.
 */
export function NormStrip({ name, norms, max }: NormStripProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = cellWidth(norms.length);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    normColors(norms, max).forEach((color, position) => {
      context.fillStyle = color;
      context.fillRect(position * width, 0, width, HEIGHT);
    });
  }, [norms, max, width]);
  const unit = sliceUnit(name);
  const description = describeNorms(norms, unit);
  return (
    <span className="norm-strip">
      <canvas
        ref={canvas}
        width={norms.length * width}
        height={HEIGHT}
        role="img"
        aria-label={`L2 norm per ${unit} of ${name}: ${description}`}
      >
        {description}
      </canvas>
      <span className="norm-max">max {formatNorm(Math.max(0, ...norms))}</span>
    </span>
  );
}
