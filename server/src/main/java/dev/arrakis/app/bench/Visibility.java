package dev.arrakis.app.bench;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Who may see an experiment, its versions, runs and artifacts ({@link ExperimentAccess}).
 * Written in JSON and in the database in lower case.
 */
public enum Visibility {

	/** its owner and administrators only (the default) */
	PRIVATE,
	/** the members of the experiment's team, besides owner and administrators */
	TEAM,
	/** every authenticated user */
	PUBLIC;

	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The visibility written {@code value} (case-insensitive).
	 * @throws IllegalArgumentException naming the values allowed
	 */
	@JsonCreator
	public static Visibility of(String value) {
		return Arrays.stream(values())
			.filter((visibility) -> visibility.name().equalsIgnoreCase(value))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"visibility '%s' is not one of private, team, public".formatted(value)));
	}

}
