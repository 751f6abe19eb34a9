package dev.arrakis.app.accounts;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a user may do: viewers read, researchers also run models, tools and experiments,
 * admins do everything (load and unload models, manage users). Written in lower case in
 * JSON and in the database.
 */
public enum Role {

	ADMIN, RESEARCHER, VIEWER;

	/** The Spring Security role name: {@code ADMIN} for {@code hasRole("ADMIN")}. */
	public String roleName() {
		return name();
	}

	/** The granted authority: {@code ROLE_ADMIN}. */
	String authority() {
		return "ROLE_" + name();
	}

	@JsonValue
	String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The role written {@code admin}, {@code researcher} or {@code viewer}. */
	@JsonCreator
	static Role of(String value) {
		return Arrays.stream(values())
			.filter((role) -> role.value().equals(value))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"Field 'role' must be admin, researcher or viewer, got '%s'".formatted(value)));
	}

}
