package dev.arrakis.app.streaming;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ProblemDetail;
import org.springframework.web.socket.TextMessage;

/**
 * The text frames of the stream, as JSON objects told apart by {@code type}:
 * {@code token}, {@code summary}, {@code cancelled} and {@code error}.
 */
final class StreamMessages {

	private final JsonMapper json;

	StreamMessages(JsonMapper json) {
		this.json = json;
	}

	/** A generated token, sent before the activations of its pass (step). */
	record Token(String type, int step, long tokenId, String text) {

		Token(int step, long tokenId, String text) {
			this("token", step, tokenId, text);
		}

	}

	/**
	 * The last frame of a completed run.
	 *
	 * @param frames activation frames sent
	 * @param bytes their total size in bytes, headers included
	 * @param tokens the prompt's token ids
	 * @param generated the generated token ids, in order (only with {@code generate})
	 * @param millis wall time of the run, from request to summary
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Summary(String type, long frames, long bytes, long[] tokens, long @Nullable [] generated, long millis) {

		Summary(long frames, long bytes, long[] tokens, long @Nullable [] generated, long millis) {
			this("summary", frames, bytes, tokens, generated, millis);
		}

	}

	/** The last frame of a run the client cancelled; no activation frame follows it. */
	record Cancelled(String type) {

		Cancelled() {
			this("cancelled");
		}

	}

	/** A failed request or run: the same problem detail the REST API would answer. */
	record Error(String type, Map<String, Object> problem) {

		Error(Map<String, Object> problem) {
			this("error", problem);
		}

	}

	TextMessage token(int step, long tokenId, String text) {
		return text(new Token(step, tokenId, text));
	}

	TextMessage summary(long frames, long bytes, long[] tokens, long @Nullable [] generated, long millis) {
		return text(new Summary(frames, bytes, tokens, generated, millis));
	}

	TextMessage cancelled() {
		return text(new Cancelled());
	}

	TextMessage error(ProblemDetail problem) {
		Map<String, Object> members = new LinkedHashMap<>();
		members.put("type", problem.getType().toString());
		members.put("title", problem.getTitle());
		members.put("status", problem.getStatus());
		members.put("detail", problem.getDetail());
		if (problem.getProperties() != null) {
			members.putAll(problem.getProperties());
		}
		return text(new Error(members));
	}

	byte[] header(FrameHeader header) {
		return this.json.writeValueAsBytes(header);
	}

	private TextMessage text(Object message) {
		return new TextMessage(this.json.writeValueAsString(message));
	}

}
