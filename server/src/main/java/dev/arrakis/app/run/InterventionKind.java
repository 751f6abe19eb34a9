package dev.arrakis.app.run;

import java.util.Arrays;
import java.util.List;
import dev.arrakis.app.web.InvalidFieldProblem;

/** What an intervention does to an activation; see {@link InterventionSpec}. */
enum InterventionKind {

	REPLACE, ADD, SCALE, ZERO, MEAN_ABLATE;

	String jsonName() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	static List<String> jsonNames() {
		return Arrays.stream(values()).map(InterventionKind::jsonName).toList();
	}

	static InterventionKind parse(@org.jspecify.annotations.Nullable String kind, String field) {
		return Arrays.stream(values())
			.filter(k -> k.jsonName().equals(kind))
			.findFirst()
			.orElseThrow(() -> new InvalidFieldProblem(field,
					"%s: unknown intervention kind '%s'; allowed: %s".formatted(field, kind, jsonNames()),
					java.util.Map.of("allowed", jsonNames())));
	}

}
