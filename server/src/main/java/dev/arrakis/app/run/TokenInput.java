package dev.arrakis.app.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.arrakis.app.web.InvalidFieldProblem;
import dev.arrakis.engine.HookedAutoModel;
import dev.arrakis.engine.tokenizer.Tokenizer;

/**
 * Turns a run request's input ({@code text}, {@code texts}, {@code tokens} or
 * {@code batch}) into rows of token ids the model accepts, or a problem naming the field:
 * no input or several, an empty row, rows of unequal length, a token id outside the
 * vocabulary, a sequence longer than the model's context or the configured maximum.
 */
public final class TokenInput {

	private TokenInput() {
	}

	/**
	 * @param maxTokens {@code arrakis.run.max-tokens}
	 * @return [batch][pos] token ids
	 */
	public static long[][] resolve(RunRequest request, HookedAutoModel model, int maxTokens) {
		List<String> given = new ArrayList<>();
		if (request.text() != null) {
			given.add("text");
		}
		if (request.texts() != null) {
			given.add("texts");
		}
		if (request.tokens() != null) {
			given.add("tokens");
		}
		if (request.batch() != null) {
			given.add("batch");
		}
		if (given.isEmpty()) {
			throw new InvalidFieldProblem("text", "No input: give one of text, texts, tokens or batch");
		}
		if (given.size() > 1) {
			throw new InvalidFieldProblem(given.get(1),
					"Give only one input; this request has both %s".formatted(String.join(" and ", given)));
		}
		long[][] rows = switch (given.get(0)) {
			case "text" -> new long[][] { encode(model, request.text(), request.prependBos(), "text") };
			case "texts" -> texts(model, request.texts(), request.prependBos());
			case "tokens" -> new long[][] { ids(request.tokens(), "tokens") };
			default -> batch(request.batch());
		};
		check(rows, given.get(0), model, maxTokens);
		return rows;
	}

	/** The model's tokenizer, or a 422 problem naming the field that needed it. */
	public static Tokenizer tokenizer(HookedAutoModel model, String field) {
		Tokenizer tokenizer = model.tokenizer();
		if (tokenizer == null) {
			throw new NoTokenizerException(model.name(), field);
		}
		return tokenizer;
	}

	/**
	 * Checks every id against the vocabulary.
	 * @param field the JSON path of the row, e.g. {@code tokens} or {@code batch[1]}
	 */
	public static void checkVocabulary(long[] row, int dVocab, String field) {
		for (int p = 0; p < row.length; p++) {
			if (row[p] < 0 || row[p] >= dVocab) {
				throw new InvalidFieldProblem("%s[%d]".formatted(field, p),
						"%s[%d]: token id %d is outside the vocabulary [0, %d)".formatted(field, p, row[p], dVocab),
						Map.of("tokenId", row[p], "vocab", dVocab));
			}
		}
	}

	private static long[] encode(HookedAutoModel model, @Nullable String text, @Nullable Boolean prependBos,
			String field) {
		if (text == null || text.isEmpty()) {
			throw new InvalidFieldProblem(field, field + " is empty: give at least one character");
		}
		return tokenizer(model, field).encode(text, prependBos);
	}

	private static long[][] texts(HookedAutoModel model, List<String> texts, @Nullable Boolean prependBos) {
		if (texts.isEmpty()) {
			throw new InvalidFieldProblem("texts", "texts is empty: give at least one prompt");
		}
		long[][] rows = new long[texts.size()][];
		for (int i = 0; i < rows.length; i++) {
			rows[i] = encode(model, texts.get(i), prependBos, "texts[%d]".formatted(i));
		}
		return rows;
	}

	private static long[][] batch(List<List<Long>> batch) {
		if (batch.isEmpty()) {
			throw new InvalidFieldProblem("batch", "batch is empty: give at least one row of token ids");
		}
		long[][] rows = new long[batch.size()][];
		for (int i = 0; i < rows.length; i++) {
			List<Long> row = batch.get(i);
			if (row == null) {
				throw new InvalidFieldProblem("batch[%d]".formatted(i), "batch[%d] is null".formatted(i));
			}
			rows[i] = ids(row, "batch[%d]".formatted(i));
		}
		return rows;
	}

	private static long[] ids(List<Long> tokens, String field) {
		long[] ids = new long[tokens.size()];
		for (int i = 0; i < ids.length; i++) {
			Long id = tokens.get(i);
			if (id == null) {
				throw new InvalidFieldProblem("%s[%d]".formatted(field, i),
						"%s[%d] is null; token ids are integers".formatted(field, i));
			}
			ids[i] = id;
		}
		return ids;
	}

	private static void check(long[][] rows, String field, HookedAutoModel model, int maxTokens) {
		int limit = Math.min(model.config().nCtx(), maxTokens);
		List<Integer> lengths = new ArrayList<>();
		for (long[] row : rows) {
			lengths.add(row.length);
		}
		for (int i = 0; i < rows.length; i++) {
			String rowField = rows.length == 1 && !field.equals("batch") && !field.equals("texts") ? field
					: "%s[%d]".formatted(field, i);
			if (rows[i].length == 0) {
				throw new InvalidFieldProblem(rowField, rowField + " is empty: give at least one token");
			}
			if (rows[i].length > limit) {
				throw new InvalidFieldProblem(rowField,
						("%s has %d tokens; the most this server runs on model "
								+ "'%s' is %d (its context length %d, arrakis.run.max-tokens %d)")
							.formatted(rowField, rows[i].length, model.name(), limit, model.config().nCtx(), maxTokens),
						Map.of("length", rows[i].length, "limit", limit));
			}
			checkVocabulary(rows[i], model.config().dVocab(), rowField);
		}
		if (lengths.stream().distinct().count() > 1) {
			throw new InvalidFieldProblem(field,
					"The rows of %s have different lengths %s; rows must have equal lengths (no padding is added)"
						.formatted(field, lengths),
					Map.of("lengths", lengths));
		}
	}

}
