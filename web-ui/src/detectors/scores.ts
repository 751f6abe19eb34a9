/** A head with its detector score. */
export interface HeadScore {
  layer: number;
  head: number;
  score: number;
}

/** Every head of a [layer][head] score grid, highest score first (ties: the earlier layer, then head, first). */
export function rankHeads(scores: number[][]): HeadScore[] {
  return scores
    .flatMap((row, layer) => row.map((score, head) => ({ layer, head, score })))
    .sort((a, b) => b.score - a.score || a.layer - b.layer || a.head - b.head);
}
