package dev.arrakis.app.run;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;

import dev.arrakis.app.web.InvalidFieldProblem;
import dev.arrakis.app.models.ModelRegistry;
import dev.arrakis.engine.tokenizer.Tokenizer;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Text to token ids and back with a resident model's tokenizer. */
@RestController
@RequestMapping("/api/v1/models/{name}")
class TokenizeController {

	private final ModelRegistry registry;

	TokenizeController(ModelRegistry registry) {
		this.registry = registry;
	}

	@Operation(operationId = "tokenize", summary = "Tokenize text with the model's tokenizer")
	@ApiResponse(responseCode = "200", description = "the token ids and each token's text")
	@ApiResponse(responseCode = "404", description = "no such model (/problems/unknown-model)")
	@ApiResponse(responseCode = "422", description = "the model has no tokenizer (/problems/no-tokenizer)")
	@PostMapping("/tokenize")
	TokenizeResponse tokenize(@PathVariable String name, @Valid @RequestBody TokenizeRequest request) {
		return this.registry.withModel(name, (model) -> {
			Tokenizer tokenizer = TokenInput.tokenizer(model, "text");
			long[] tokens = tokenizer.encode(request.text(), request.prependBos());
			return new TokenizeResponse(tokens, List.of(tokenizer.tokenStrings(tokens)));
		});
	}

	@Operation(operationId = "detokenize", summary = "Decode token ids to text with the model's tokenizer")
	@ApiResponse(responseCode = "200", description = "the text and each token's text")
	@ApiResponse(responseCode = "400", description = "a token id outside the vocabulary (/problems/invalid-request)")
	@ApiResponse(responseCode = "404", description = "no such model (/problems/unknown-model)")
	@ApiResponse(responseCode = "422", description = "the model has no tokenizer (/problems/no-tokenizer)")
	@PostMapping("/detokenize")
	DetokenizeResponse detokenize(@PathVariable String name, @Valid @RequestBody DetokenizeRequest request) {
		return this.registry.withModel(name, (model) -> {
			long[] tokens = new long[request.tokens().size()];
			for (int i = 0; i < tokens.length; i++) {
				Long id = request.tokens().get(i);
				if (id == null) {
					throw new InvalidFieldProblem("tokens[%d]".formatted(i),
							"tokens[%d] is null; token ids are integers".formatted(i));
				}
				tokens[i] = id;
			}
			TokenInput.checkVocabulary(tokens, model.config().dVocab(), "tokens");
			Tokenizer tokenizer = TokenInput.tokenizer(model, "tokens");
			return new DetokenizeResponse(tokenizer.decode(tokens), List.of(tokenizer.tokenStrings(tokens)));
		});
	}

}
