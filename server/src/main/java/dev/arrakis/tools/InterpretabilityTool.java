package dev.arrakis.tools;

import java.util.List;

/**
 * A tool bound to one model: its registry key, what it is for, and its methods described
 * as data.
 */
public interface InterpretabilityTool {

	/** The registry key, e.g. {@code attention} or {@code logit_lens}. */
	String key();

	String description();

	List<ToolMethod> methods();

}
