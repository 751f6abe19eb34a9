import { visibleToken } from '../common/visibleToken';

export interface TokenStripProps {
  /** Token ids, [pos]. */
  tokens: number[];
  /** Their texts, [pos]. */
  tokenStrings: string[];
}

/** The prompt as the model saw it: one chip per token, with its position and id on hover. */
export function TokenStrip({ tokens, tokenStrings }: TokenStripProps) {
  return (
    <p className="token-strip" aria-label="Tokens">
      {tokens.map((token, position) => (
        <span key={position} className="token chip" title={`position ${position}, token id ${token}`}>
          {visibleToken(tokenStrings[position] ?? String(token))}
        </span>
      ))}
    </p>
  );
}
