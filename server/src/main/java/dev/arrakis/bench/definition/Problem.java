package dev.arrakis.bench.definition;

/**
 * One thing wrong with a definition.
 *
 * @param path where, e.g. {@code steps[2].params.layer}
 * @param reason what is wrong and what would be accepted
 */
public record Problem(String path, String reason) {

	@Override
	public String toString() {
		return this.path + ": " + this.reason;
	}

}
