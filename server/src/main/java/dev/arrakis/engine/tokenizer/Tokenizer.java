package dev.arrakis.engine.tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import org.jspecify.annotations.Nullable;

/**
 * A Hugging Face {@code tokenizer.json}, read from a local path through DJL's tokenizers
 * binding.
 *
 * <p>
 * BOS policy: by default a prompt is encoded as the tokenizer's own post-processor does
 * (what Hugging Face does); {@code prependBos = true} makes sure the model's BOS id
 * leads, {@code false} makes sure it does not.
 */
public final class Tokenizer implements AutoCloseable {

	private final HuggingFaceTokenizer tokenizer;

	private final @Nullable Integer bos;

	private final Path source;

	private Tokenizer(HuggingFaceTokenizer tokenizer, @Nullable Integer bos, Path source) {
		this.tokenizer = tokenizer;
		this.bos = bos;
		this.source = source;
	}

	public static Tokenizer load(Path tokenizerJson, @Nullable Integer bos) throws IOException {
		return new Tokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of("addSpecialTokens", "true")), bos,
				tokenizerJson);
	}

	/** An independent tokenizer read from the same file (each model closes its own). */
	public Tokenizer copy() throws IOException {
		return load(this.source, this.bos);
	}

	/** Token ids of {@code text}, with the BOS policy described on the class. */
	public long[] encode(String text, @Nullable Boolean prependBos) {
		Encoding encoding = this.tokenizer.encode(text);
		long[] ids = encoding.getIds();
		if (prependBos == null || this.bos == null) {
			return ids;
		}
		boolean hasBos = ids.length > 0 && ids[0] == this.bos;
		if (prependBos && !hasBos) {
			long[] withBos = new long[ids.length + 1];
			withBos[0] = this.bos;
			System.arraycopy(ids, 0, withBos, 1, ids.length);
			return withBos;
		}
		if (!prependBos && hasBos) {
			return java.util.Arrays.copyOfRange(ids, 1, ids.length);
		}
		return ids;
	}

	public String decode(long[] ids) {
		return this.tokenizer.decode(ids, false);
	}

	/** Each token's own text, for labelling positions. */
	public String[] tokenStrings(long[] ids) {
		String[] strings = new String[ids.length];
		for (int i = 0; i < ids.length; i++) {
			strings[i] = decode(new long[] { ids[i] });
		}
		return strings;
	}

	@Override
	public void close() {
		this.tokenizer.close();
	}

}
