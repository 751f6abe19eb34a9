package dev.arrakis.app.run;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.arrakis.app.web.ProblemResponses;
import dev.arrakis.app.web.ProblemType;

/**
 * Refuses bodies larger than {@code arrakis.run.max-body-bytes} on the run, tokenize and
 * detokenize endpoints with a 413 {@link ProblemType#BODY_TOO_LARGE} problem, before
 * anything parses them: at once when {@code Content-Length} says so, and after reading
 * one byte past the limit when the body is chunked (it is then buffered, at most the
 * limit, and handed on).
 */
@Component
class RequestBodyLimitFilter extends OncePerRequestFilter {

	private static final Pattern LIMITED = Pattern.compile("/api/v1/models/[^/]+/(run|tokenize|detokenize)/?");

	private final long limit;

	private final JsonMapper json;

	RequestBodyLimitFilter(RunProperties properties, JsonMapper json) {
		this.limit = properties.maxBodyBytes().toBytes();
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !LIMITED.matcher(request.getRequestURI().substring(request.getContextPath().length())).matches();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > this.limit) {
			refuse(response, declared);
			return;
		}
		if (declared >= 0) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.limit + 1));
		if (body.length > this.limit) {
			refuse(response, -1);
			return;
		}
		chain.doFilter(new BufferedBodyRequest(request, body), response);
	}

	private void refuse(HttpServletResponse response, long declared) throws IOException {
		ProblemDetail problem = ProblemType.BODY_TOO_LARGE
			.toProblemDetail("The request body %s larger than the limit of %d bytes (arrakis.run.max-body-bytes)"
				.formatted(declared >= 0 ? "of " + declared + " bytes is" : "is", this.limit));
		problem.setProperty("limitBytes", this.limit);
		// The unread body is not worth draining: close the connection after answering.
		response.setHeader("Connection", "close");
		ProblemResponses.write(this.json, response, problem);
	}

	/** A request whose body was read ahead into memory. */
	private static final class BufferedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("the body is already in memory");
				}

			};
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}
