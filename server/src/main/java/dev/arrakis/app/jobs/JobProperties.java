package dev.arrakis.app.jobs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How jobs run.
 *
 * @param workers how many jobs run at once (tool calls are CPU- or GPU-bound: more
 * workers than devices rarely helps)
 * @param queueCapacity how many jobs may wait; a submission beyond is refused with 429
 * @param inlineResultBytes the largest result (as JSON) kept in the job's row; larger
 * ones become artifacts
 */
@ConfigurationProperties("arrakis.jobs")
@Validated
record JobProperties(@DefaultValue("1") @Min(1) @Max(64) int workers, @DefaultValue("100") @Min(1) int queueCapacity,
		@DefaultValue("256KB") DataSize inlineResultBytes) {
}
