package dev.arrakis.app.models;

import java.util.List;
import java.util.Map;

import dev.arrakis.app.web.ApiProblemException;
import dev.arrakis.app.web.ProblemType;

/**
 * A load named no model folder: the model directory has no subfolder of that name with a
 * {@code config.json}. The problem lists the folders that can be loaded (those not
 * resident), not the directory's path, which is the server's business.
 */
class ModelFolderNotFoundException extends ApiProblemException {

	ModelFolderNotFoundException(String name, List<String> available) {
		super(ProblemType.MODEL_FOLDER_NOT_FOUND,
				"The model directory has no model folder '%s' (a subfolder with a config.json); loadable folders: %s"
					.formatted(name, available),
				Map.of("model", name, "available", List.copyOf(available)));
	}

}
