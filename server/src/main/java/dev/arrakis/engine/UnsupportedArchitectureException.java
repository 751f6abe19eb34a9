package dev.arrakis.engine;

import java.util.List;

/**
 * An architecture name that no {@code Architecture} handles; lists the supported ones.
 */
public class UnsupportedArchitectureException extends ModelLoadException {

	private final String name;

	private final List<String> supported;

	public UnsupportedArchitectureException(String name, List<String> supported) {
		super("'%s' is not a supported architecture; supported: %s".formatted(name, supported));
		this.name = name;
		this.supported = List.copyOf(supported);
	}

	public String name() {
		return this.name;
	}

	public List<String> supported() {
		return this.supported;
	}

}
