package dev.arrakis.tools;

import java.util.List;
import java.util.Map;

/**
 * A tool bound to one model: its registry key, what it is for, and its methods described
 * as data.
 */
public interface InterpretabilityTool {

	/** The registry key, e.g. {@code attention} or {@code logit_lens}. */
	String key();

	String description();

	List<ToolMethod> methods();

	/**
	 * Calls one of {@link #methods()} by name with parameters given as JSON values (maps,
	 * lists, strings, numbers, booleans), converted to the types its {@link ParamSpec}s
	 * describe (see {@link Arguments}); an absent optional parameter, or one given as
	 * JSON null, takes its default.
	 * @param method the method's name, e.g. {@code detect_heads}
	 * @param params the parameters by name
	 * @return the method's result record (serialisable to JSON)
	 * @throws IllegalArgumentException naming an unknown method, an unknown or missing
	 * parameter, or a value that does not fit its parameter (and what is allowed)
	 * @see Arguments
	 */
	Object invoke(String method, Map<String, ?> params);

}
