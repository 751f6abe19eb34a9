package dev.arrakis.app.accounts;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Request attributes a controller may set to make its request's audit event more telling:
 * the model it used when the path does not name one ({@code /api/v1/models/{name}/...}
 * paths do), and a short detail (never secrets: the audit log is readable by admins).
 */
public final class AuditAttributes {

	/** The model the request used. */
	public static final String MODEL = AuditAttributes.class.getName() + ".model";

	/** A short description of what the request did, e.g. {@code role=researcher}. */
	public static final String DETAIL = AuditAttributes.class.getName() + ".detail";

	private AuditAttributes() {
	}

	public static void model(HttpServletRequest request, String model) {
		request.setAttribute(MODEL, model);
	}

	public static void detail(HttpServletRequest request, String detail) {
		request.setAttribute(DETAIL, detail);
	}

}
