import { defaultTarget, targetChoices } from './target';

const tokens = [84, 104, 101];
const tokenStrings = ['T', 'h', 'e'];
const predictions = [
  { position: 0, tokens: [104, 65], strings: ['h', 'A'], probabilities: [0.6, 0.2] },
  { position: 1, tokens: [105, 97], strings: ['i', 'a'], probabilities: [0.5, 0.3] },
  { position: 2, tokens: [32, 10], strings: [' ', '\n'], probabilities: [0.8, 0.1] },
];

describe('the target token', () => {
  it('is the top prediction at the last position', () => {
    expect(defaultTarget(tokens, predictions, 2)).toBe(32);
  });

  it('is the actual next token elsewhere, even when the model predicts another', () => {
    expect(defaultTarget(tokens, predictions, 0)).toBe(104);
    expect(defaultTarget(tokens, predictions, 1)).toBe(101);
  });

  it('is unknown at the last position without predictions', () => {
    expect(defaultTarget(tokens, [], 2)).toBeNull();
  });

  it('can be chosen among the top predictions and the actual next token', () => {
    expect(targetChoices(tokens, tokenStrings, predictions, 0).map(({ id, actualNext }) => [id, actualNext])).toEqual([
      [104, true],
      [65, false],
    ]);
    const choices = targetChoices(tokens, tokenStrings, predictions, 1);
    expect(choices.map(({ id }) => id)).toEqual([105, 97, 101]);
    expect(choices[2]).toEqual({ id: 101, text: 'e', actualNext: true });
    expect(targetChoices(tokens, tokenStrings, predictions, 2).some((choice) => choice.actualNext)).toBe(false);
  });
});
