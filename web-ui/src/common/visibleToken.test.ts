import { visibleToken } from './visibleToken';

describe('visibleToken', () => {
  it('makes spaces, newlines and other control characters visible', () => {
    expect(visibleToken(' a\n\u0001\u007f')).toBe('·a⏎\\x01\\x7f');
  });

  it('leaves printable text alone', () => {
    expect(visibleToken('Hello')).toBe('Hello');
  });
});
