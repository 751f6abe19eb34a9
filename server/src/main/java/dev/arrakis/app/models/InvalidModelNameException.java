package dev.arrakis.app.models;

import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/**
 * A load named something that cannot be a direct subfolder of the model directory: a path
 * ({@code ../x}, {@code a/b}), {@code .} or {@code ..}, a hidden name, or characters
 * outside {@code [A-Za-z0-9._-]}. Nothing outside the model directory is ever touched.
 */
class InvalidModelNameException extends ApiProblemException {

	InvalidModelNameException(String name) {
		super(ProblemType.INVALID_REQUEST,
				"Path parameter 'name' must be the name of a folder directly in the model directory "
						+ "(letters, digits, '.', '_' and '-', not starting with '.'), got '%s'".formatted(name),
				Map.of("parameter", "name", "value", name));
	}

}
