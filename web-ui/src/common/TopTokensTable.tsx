import { visibleToken } from './visibleToken';

export interface TopTokensTableProps {
  /** The table's accessible name. */
  label: string;
  /** Token ids, [k], most likely first. */
  tokens: number[];
  /** Their texts, [k]. */
  strings: string[];
  /** Their probabilities, [k], each in [0, 1]. */
  probabilities: number[];
  /** Whether to number the rows (1 = most likely). */
  ranked?: boolean;
}

/** The top-k tokens of a distribution: text, id and probability (with a bar), most likely first. */
export function TopTokensTable({ label, tokens, strings, probabilities, ranked = false }: TopTokensTableProps) {
  return (
    <table aria-label={label}>
      <thead>
        <tr>
          {ranked && <th scope="col">Rank</th>}
          <th scope="col">Token</th>
          <th scope="col">Id</th>
          <th scope="col">Probability</th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((token, rank) => {
          const probability = probabilities[rank] ?? 0;
          return (
            <tr key={rank}>
              {ranked && <td>{rank + 1}</td>}
              <td className="mono">{visibleToken(strings[rank] ?? '')}</td>
              <td>{token}</td>
              <td>
                <span className="bar" style={{ width: `${Math.round(probability * 120)}px` }} aria-hidden="true" />{' '}
                {(probability * 100).toFixed(1)}%
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
