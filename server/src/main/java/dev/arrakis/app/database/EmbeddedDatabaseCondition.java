package dev.arrakis.app.database;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when no datasource URL is configured. {@code application.yaml} maps
 * {@code ARRAKIS_DB_URL} to {@code spring.datasource.url} and leaves it empty when unset,
 * so an empty value counts as "not configured".
 */
class EmbeddedDatabaseCondition implements Condition {

	static final String URL_PROPERTY = "spring.datasource.url";

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return !StringUtils.hasText(context.getEnvironment().getProperty(URL_PROPERTY));
	}

}
