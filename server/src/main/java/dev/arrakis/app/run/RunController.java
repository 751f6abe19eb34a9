package dev.arrakis.app.run;

import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import dev.arrakis.app.web.InvalidFieldProblem;

/**
 * {@code POST /api/v1/models/{name}/run}: a forward pass with activations, predictions,
 * interventions and generation, as JSON or (with {@code Accept:
 * application/vnd.arrakis.safetensors} or {@code ?format=safetensors}) as a safetensors
 * file of the activations and, with {@code includeLogits}, the logits.
 */
@RestController
@RequestMapping("/api/v1/models/{name}")
class RunController {

	private final RunService runs;

	private final JsonMapper json;

	RunController(RunService runs, JsonMapper json) {
		this.runs = runs;
		this.json = json;
	}

	@Operation(operationId = "runModel",
			summary = "Run the model on an input: activations, predictions, interventions, generation",
			description = "Activations come as flat row-major `data` with their `shape`. With Accept "
					+ SafetensorsBody.MEDIA_TYPE + " or ?format=safetensors the body is a safetensors file instead.")
	@ApiResponse(responseCode = "200", description = "the run's results", content = {
			@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = RunResponse.class)),
			@Content(mediaType = SafetensorsBody.MEDIA_TYPE, schema = @Schema(type = "string", format = "binary")) })
	@ApiResponse(responseCode = "400",
			description = "bad input naming the field (/problems/invalid-request, /problems/unknown-hook)")
	@ApiResponse(responseCode = "404", description = "no such model (/problems/unknown-model)")
	@ApiResponse(responseCode = "413",
			description = "the result or the body is too large "
					+ "(/problems/request-too-large with estimatedBytes and limitBytes, /problems/body-too-large)")
	@ApiResponse(responseCode = "422",
			description = "text input for a model without tokenizer (/problems/no-tokenizer)")
	@ApiResponse(responseCode = "429", description = "too many runs of this user in progress (/problems/too-many-runs)")
	@ApiResponse(responseCode = "503", description = "the run outlasted arrakis.run.timeout (/problems/run-timed-out)")
	@PostMapping("/run")
	ResponseEntity<?> run(@PathVariable String name, @Valid @RequestBody RunRequest request,
			@Parameter(description = "json (default) or safetensors") @RequestParam(
					required = false) @Nullable String format,
			@RequestHeader(value = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
			@Nullable Principal principal) {
		boolean safetensors = safetensorsWanted(format, accept);
		RunResponse response = this.runs.run(name, request, principal == null ? "anonymous" : principal.getName());
		if (!safetensors) {
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(response);
		}
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(SafetensorsBody.MEDIA_TYPE))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"%s-run.safetensors\"".formatted(name))
			.body(SafetensorsBody.write(tensors(response), metadata(response), request.halfPrecision()));
	}

	private static boolean safetensorsWanted(@Nullable String format, @Nullable String accept) {
		if (format != null) {
			if (format.equals("safetensors")) {
				return true;
			}
			if (format.equals("json")) {
				return false;
			}
			throw new InvalidFieldProblem("format", "format must be json or safetensors, got '%s'".formatted(format));
		}
		if (accept == null || accept.isBlank()) {
			return false;
		}
		// The first acceptable type by quality decides: a client that accepts both (as
		// generated clients do) and does not prefer safetensors gets JSON.
		List<MediaType> acceptable = new ArrayList<>(MediaType.parseMediaTypes(accept));
		acceptable.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
		MediaType safetensors = MediaType.parseMediaType(SafetensorsBody.MEDIA_TYPE);
		for (MediaType type : acceptable) {
			if (type.includes(MediaType.APPLICATION_JSON)) {
				return false;
			}
			if (type.equalsTypeAndSubtype(safetensors)) {
				return true;
			}
		}
		return false;
	}

	private static List<ActivationTensor> tensors(RunResponse response) {
		List<ActivationTensor> tensors = new ArrayList<>(response.activations());
		ActivationTensor logits = response.logits();
		if (logits != null && tensors.stream().noneMatch((tensor) -> tensor.name().equals(logits.name()))) {
			tensors.add(logits);
		}
		return tensors;
	}

	private Map<String, String> metadata(RunResponse response) {
		Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put("format", "pt");
		metadata.put("model", response.model());
		metadata.put("tokens", this.json.writeValueAsString(response.tokens()));
		return metadata;
	}

}
