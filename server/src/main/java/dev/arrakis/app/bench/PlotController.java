package dev.arrakis.app.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.arrakis.app.models.ModelRegistry;
import dev.arrakis.app.web.InvalidFieldProblem;
import dev.arrakis.bench.plot.PlotData;
import dev.arrakis.bench.plot.PlotRenderer;
import dev.arrakis.bench.plot.Plots;

/**
 * Plots of a resident model on one input: their data as JSON (what the dashboard draws),
 * or one plot drawn as PNG or SVG.
 */
@RestController
class PlotController {

	private static final int DEFAULT_WIDTH = 800;

	private static final int DEFAULT_HEIGHT = 600;

	private static final MediaType SVG = MediaType.parseMediaType("image/svg+xml");

	private final ModelRegistry models;

	PlotController(ModelRegistry models) {
		this.models = models;
	}

	@Operation(operationId = "renderPlots",
			summary = "Plots of one forward pass: data as JSON, or one plot as PNG or SVG",
			description = "format json (default): the PlotData of every spec in order; png or svg: the image of the "
					+ "single spec. 400 invalid-request naming the field; 404 unknown-model",
			responses = @ApiResponse(responseCode = "200",
					content = {
							@Content(mediaType = "application/json",
									array = @ArraySchema(schema = @Schema(implementation = PlotData.class))),
							@Content(mediaType = "image/png"), @Content(mediaType = "image/svg+xml") }))
	@PostMapping("/api/v1/models/{name}/plots")
	ResponseEntity<?> plots(@PathVariable String name, @RequestParam(defaultValue = "json") String format,
			@Valid @RequestBody PlotsRequest request) {
		String chosen = format.toLowerCase(Locale.ROOT);
		if (!List.of("json", "png", "svg").contains(chosen)) {
			throw new InvalidFieldProblem("format", "format: " + "'%s' is not one of json, png, svg".formatted(format));
		}
		if (!chosen.equals("json") && request.specs().size() != 1) {
			throw new InvalidFieldProblem("specs", "specs: "
					+ "format %s draws exactly one plot, got %d specs".formatted(chosen, request.specs().size()));
		}
		List<PlotData> plots = this.models.withModel(name, (model) -> {
			try {
				return Plots.data(model, request.tokens(), request.specs());
			}
			catch (IllegalArgumentException ex) {
				throw InvalidFieldProblem.refused("specs", ex);
			}
		});
		int width = Objects.requireNonNullElse(request.width(), DEFAULT_WIDTH);
		int height = Objects.requireNonNullElse(request.height(), DEFAULT_HEIGHT);
		return switch (chosen) {
			case "png" -> ResponseEntity.ok()
				.contentType(MediaType.IMAGE_PNG)
				.body(PlotRenderer.png(plots.get(0), width, height));
			case "svg" -> ResponseEntity.ok()
				.contentType(SVG)
				.body(PlotRenderer.svg(plots.get(0), width, height).getBytes(StandardCharsets.UTF_8));
			default -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(plots);
		};
	}

}
