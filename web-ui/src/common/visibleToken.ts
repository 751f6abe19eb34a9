// Control characters are exactly what must be made visible here.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** Shows a token's text visibly: spaces as ·, newlines as ⏎, other control characters by code. */
export function visibleToken(text: string): string {
  return text
    .replace(/ /g, '·')
    .replace(/\n/g, '⏎')
    .replace(CONTROL_CHARACTERS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
