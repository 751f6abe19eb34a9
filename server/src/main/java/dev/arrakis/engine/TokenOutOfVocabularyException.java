package dev.arrakis.engine;

/** A token id outside [0, d_vocab). */
public class TokenOutOfVocabularyException extends IllegalArgumentException {

	private final int row;

	private final int position;

	private final long tokenId;

	private final int dVocab;

	public TokenOutOfVocabularyException(int row, int position, long tokenId, int dVocab) {
		super("token id %d at [%d, %d] is outside the vocabulary [0, %d)".formatted(tokenId, row, position, dVocab));
		this.row = row;
		this.position = position;
		this.tokenId = tokenId;
		this.dVocab = dVocab;
	}

	public int row() {
		return this.row;
	}

	public int position() {
		return this.position;
	}

	public long tokenId() {
		return this.tokenId;
	}

	public int dVocab() {
		return this.dVocab;
	}

}
