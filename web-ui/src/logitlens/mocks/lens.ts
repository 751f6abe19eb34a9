import type { LogitLensResult } from '../lensData';

/** A hand-made lens of a 2-layer model on the 4-token prompt "abca" (ids 97 98 99 97), top-2 per cell. */
export const lensPrompt = { tokens: [97, 98, 99, 97], tokenStrings: ['a', 'b', 'c', 'a'] };

export const lensMock: LogitLensResult = {
  labels: ['L0_resid_pre', 'L1_resid_pre', 'final'],
  topTokens: [
    [
      [97, 98],
      [98, 97],
      [99, 97],
      [97, 98],
    ],
    [
      [98, 99],
      [99, 97],
      [97, 98],
      [98, 99],
    ],
    [
      [98, 99],
      [99, 98],
      [97, 99],
      [98, 97],
    ],
  ],
  topProbabilities: [
    [
      [0.9, 0.05],
      [0.8, 0.1],
      [0.7, 0.2],
      [0.9, 0.05],
    ],
    [
      [0.4, 0.3],
      [0.5, 0.2],
      [0.6, 0.3],
      [0.5, 0.25],
    ],
    [
      [0.75, 0.2],
      [0.85, 0.1],
      [0.65, 0.3],
      [0.55, 0.4],
    ],
  ],
  loss: [
    [3.1, 2.9, 4.2],
    [1.2, 1.1, 0.9],
    [0.29, 0.16, 0.43],
  ],
};

/** What /detokenize answers for the byte vocabulary: each id is its character. */
export function detokenizeBytes(ids: number[]) {
  const strings = ids.map((id) => String.fromCharCode(id));
  return { strings, text: strings.join('') };
}
