/** Reading an experiment definition (as the server stores it: canonical JSON) for people. */

interface DefinitionShape {
  model?: { name?: string };
  steps?: { id?: string; tool?: string; method?: string }[];
  metrics?: Record<string, unknown>;
  plots?: unknown[];
  seed?: number | null;
}

function asDefinition(value: unknown): DefinitionShape {
  return value && typeof value === 'object' ? (value as DefinitionShape) : {};
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * A one-line description of a definition: its model, its steps (tool.method), and how many metrics and plots it
 * has, e.g. "tiny-induction-2l · attention.detect_heads · 2 metrics · 1 plot · seed 1".
 */
export function describeDefinition(definition: unknown): string {
  const { model, steps = [], metrics = {}, plots = [], seed } = asDefinition(definition);
  const parts = [model?.name ?? 'no model'];
  parts.push(steps.length === 0 ? 'no steps' : steps.map((step) => `${step.tool}.${step.method}`).join(', '));
  parts.push(plural(Object.keys(metrics).length, 'metric'));
  if (plots.length > 0) parts.push(plural(plots.length, 'plot'));
  if (seed != null) parts.push(`seed ${seed}`);
  return parts.join(' · ');
}

/** The model a definition names, or undefined. */
export function definitionModel(definition: unknown): string | undefined {
  return asDefinition(definition).model?.name;
}

function isPrimitive(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

/**
 * Pretty JSON with two-space indentation, for reading a definition, a manifest or a step result; arrays of numbers,
 * strings or booleans stay on one line (a token list or a row of scores), so that they do not run down the page.
 */
export function prettyJson(value: unknown, indent = ''): string {
  if (value === undefined || isPrimitive(value)) return JSON.stringify(value ?? null);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(isPrimitive)) return `[${value.map((item) => JSON.stringify(item ?? null)).join(', ')}]`;
    return `[\n${value.map((item) => inner + prettyJson(item, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return '{}';
  const lines = entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${prettyJson(item, inner)}`);
  return `{\n${lines.join(',\n')}\n${indent}}`;
}
