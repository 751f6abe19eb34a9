import { css, divergingColor, luminance, sequentialColor, textColorOn } from './colors';

describe('colour scales', () => {
  it('maps 0 to white and 1 to the darkest blue, clamping outside [0, 1]', () => {
    expect(css(sequentialColor(0))).toBe('rgb(255, 255, 255)');
    expect(css(sequentialColor(1))).toBe('rgb(8, 69, 148)');
    expect(sequentialColor(-3)).toEqual(sequentialColor(0));
    expect(sequentialColor(7)).toEqual(sequentialColor(1));
    expect(sequentialColor(Number.NaN)).toEqual(sequentialColor(0));
  });

  it('is monotone: larger values are darker', () => {
    const values = [0, 0.1, 0.25, 0.5, 0.75, 1];
    const lum = values.map((v) => luminance(sequentialColor(v)));
    for (let i = 1; i < lum.length; i++) expect(lum[i]).toBeLessThan(lum[i - 1]);
  });

  it('diverges: negative red, zero white, positive blue, symmetric in saturation', () => {
    expect(divergingColor(0, 2)).toEqual({ r: 255, g: 255, b: 255 });
    expect(divergingColor(2, 2)).toEqual({ r: 8, g: 69, b: 148 });
    expect(divergingColor(-2, 2)).toEqual({ r: 178, g: 24, b: 43 });
    expect(luminance(divergingColor(1, 2))).toBeGreaterThan(luminance(divergingColor(2, 2)));
    expect(divergingColor(5, 0)).toEqual({ r: 255, g: 255, b: 255 });
  });

  it('puts white text on dark cells and black text on light ones', () => {
    expect(textColorOn(sequentialColor(1))).toBe('#ffffff');
    expect(textColorOn(sequentialColor(0))).toBe('#000000');
  });
});
