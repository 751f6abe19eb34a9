import { Fragment, useId, useState } from 'react';
import { css, divergingColor, textColorOn } from '../common/colors';
import { collapsedParts, groupAttribution, stackLayout, type AttributionResult, type Part } from './attribution';

export interface AttributionViewProps {
  /** One attribution: values per component, [component], that with the constant sum to the total. */
  result: AttributionResult;
  /** True for a logit difference (target minus contrast) rather than a logit. */
  contrast: boolean;
}

const format = (value: number) => value.toFixed(4);

/** The overall stacked bar, the identity "components + constant = total = actual", and the per-component table. */
export function AttributionView({ result, contrast }: AttributionViewProps) {
  const grouped = groupAttribution(result);
  const parts = collapsedParts(grouped);
  const componentSum = parts.reduce((sum, part) => sum + part.value, 0);
  const metric = contrast ? 'the logit difference' : 'the logit';
  return (
    <>
      <p className="residual-metric">{result.metric}</p>
      <StackedBar parts={[...parts, { label: 'constant', value: result.constant }]} />
      <p className="residual-identity" aria-label="Sum check">
        Sum of components <strong data-value={componentSum}>{format(componentSum)}</strong> + constant{' '}
        <strong>{format(result.constant)}</strong> = total <strong>{format(result.total)}</strong> = {metric} (actual){' '}
        <strong>{format(result.actual)}</strong>{' '}
        <span className="muted">(difference {Math.abs(result.total - result.actual).toExponential(1)})</span>
      </p>
      <ComponentTable result={result} grouped={grouped} />
    </>
  );
}

/** Positive parts stacked rightwards from zero, negative parts leftwards; the marker shows where they net out. */
function StackedBar({ parts }: { parts: Part[] }) {
  const { segments, min, max, net } = stackLayout(parts);
  const span = max - min || 1;
  const percent = (length: number) => `${(length / span) * 100}%`;
  const at = (value: number) => percent(value - min);
  const maxAbs = Math.max(...parts.map((part) => Math.abs(part.value)));
  return (
    <figure className="stacked">
      <div className="stacked-net-row">
        <span
          className={net - min > span / 2 ? 'stacked-net-label left-of' : 'stacked-net-label'}
          style={{ left: at(net) }}
        >
          net {format(net)}
        </span>
      </div>
      <div
        className="stacked-bar"
        role="img"
        aria-label={`Stacked contributions: positive parts sum to ${format(max)}, negative parts to ${format(min)}, net ${format(net)}`}
      >
        {segments.map((segment) => {
          const background = divergingColor(segment.value, maxAbs);
          return (
            <span
              key={segment.label}
              className="stacked-segment"
              title={`${segment.label}: ${format(segment.value)}`}
              style={{
                left: at(segment.start),
                width: percent(segment.end - segment.start),
                background: css(background),
                color: textColorOn(background),
              }}
            >
              {(segment.end - segment.start) / span > 0.07 && segment.label}
            </span>
          );
        })}
        <span className="stacked-zero" style={{ left: at(0) }} />
        <span className="stacked-net" style={{ left: at(net) }} />
      </div>
      <figcaption className="stacked-axis">
        <span>← negative parts {format(min)}</span>
        <span>positive parts {format(max)} →</span>
      </figcaption>
    </figure>
  );
}

interface ComponentTableProps {
  result: AttributionResult;
  grouped: ReturnType<typeof groupAttribution>;
}

/** Every component's value with a diverging bar; each layer's attention expands to its heads and bias. */
function ComponentTable({ result, grouped }: ComponentTableProps) {
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const baseId = useId();
  const maxAbs = Math.max(
    ...[
      ...collapsedParts(grouped),
      ...grouped.layers.flatMap(({ attention }) => [...attention.heads, attention.bias]),
    ].map((part) => Math.abs(part.value)),
  );
  const toggle = (layer: number) =>
    setExpanded((open) => {
      const next = new Set(open);
      if (!next.delete(layer)) next.add(layer);
      return next;
    });
  const row = (part: Part, kind: 'component' | 'head', id?: string) => (
    <tr key={part.label} id={id} data-part={kind}>
      <th scope="row" className={kind === 'head' ? 'residual-head mono' : 'mono'}>
        {part.label}
      </th>
      <td>
        <ValueBar value={part.value} maxAbs={maxAbs} />
      </td>
      <td className="num">{format(part.value)}</td>
    </tr>
  );
  return (
    <table className="residual-table" aria-label="Components">
      <caption>Direct contribution of each component; expand a layer’s attention to see its heads.</caption>
      <thead>
        <tr>
          <th scope="col">Component</th>
          <th scope="col">Contribution</th>
          <th scope="col" className="num">
            Value
          </th>
        </tr>
      </thead>
      <tbody>
        {grouped.embeddings.map((part) => row(part, 'component'))}
        {grouped.layers.map(({ attention, mlp }) => {
          const open = expanded.has(attention.layer);
          const detailIds = [...attention.heads, attention.bias].map(
            (part) => `${baseId}-${part.label.replace(/\W/g, '_')}`,
          );
          return (
            <Fragment key={attention.layer}>
              <tr data-part="component">
                <th scope="row">
                  <button
                    type="button"
                    className="disclosure"
                    aria-expanded={open}
                    aria-controls={open ? detailIds.join(' ') : undefined}
                    onClick={() => toggle(attention.layer)}
                  >
                    <span aria-hidden="true">{open ? '▾' : '▸'}</span> <span className="mono">{attention.label}</span>
                  </button>
                </th>
                <td>
                  <ValueBar value={attention.value} maxAbs={maxAbs} />
                </td>
                <td className="num">{format(attention.value)}</td>
              </tr>
              {open && [...attention.heads, attention.bias].map((part, index) => row(part, 'head', detailIds[index]))}
              {row(mlp, 'component')}
            </Fragment>
          );
        })}
      </tbody>
      <tfoot>
        <tr data-part="constant">
          <th scope="row">constant</th>
          <td>
            <ValueBar value={result.constant} maxAbs={maxAbs} />
          </td>
          <td className="num">{format(result.constant)}</td>
        </tr>
        <tr data-part="total">
          <th scope="row">total</th>
          <td />
          <td className="num">{format(result.total)}</td>
        </tr>
        <tr data-part="actual">
          <th scope="row">actual</th>
          <td />
          <td className="num">{format(result.actual)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

/** A bar from the centre line: rightwards (blue) for positive values, leftwards (red) for negative ones. */
function ValueBar({ value, maxAbs }: { value: number; maxAbs: number }) {
  const half = maxAbs > 0 ? (Math.abs(value) / maxAbs) * 50 : 0;
  // At least 40% saturation, so that small contributions are still visible against the white track.
  const colour = css(divergingColor(Math.sign(value) * Math.max(Math.abs(value), 0.4 * maxAbs), maxAbs));
  return (
    <span className="value-track" aria-hidden="true">
      <span
        className="value-bar"
        style={{ left: value < 0 ? `${50 - half}%` : '50%', width: `${half}%`, background: colour }}
      />
    </span>
  );
}
