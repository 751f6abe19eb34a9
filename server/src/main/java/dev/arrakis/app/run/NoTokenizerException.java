package dev.arrakis.app.run;

import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/** Text was sent (or asked for) but the model has no tokenizer. */
class NoTokenizerException extends ApiProblemException {

	NoTokenizerException(String model, String field) {
		super(ProblemType.NO_TOKENIZER,
				"Model '%s' has no tokenizer (no tokenizer.json), so '%s' cannot be used; send token ids instead"
					.formatted(model, field),
				Map.of("model", model, "field", field));
	}

}
