package dev.arrakis.app.run;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on running models over the API.
 *
 * @param maxTokens the longest input sequence (per row) a run accepts, below the model's
 * own context length
 * @param maxNewTokens the most tokens one generation may add
 * @param maxBodyBytes the largest request body the run, tokenize and detokenize endpoints
 * read; larger bodies are refused with 413 before they are parsed
 * @param maxActivationBytes the most activation and logit memory (as float32) one run may
 * return, estimated before it runs
 * @param maxConcurrentPerUser runs one user may have in progress at once
 * @param timeout how long a run may take before its caller gets a 503 problem
 */
@ConfigurationProperties("arrakis.run")
@Validated
public record RunProperties(@DefaultValue("2048") @Min(1) int maxTokens, @DefaultValue("256") @Min(1) int maxNewTokens,
		@DefaultValue("16MB") @NotNull DataSize maxBodyBytes,
		@DefaultValue("512MB") @NotNull DataSize maxActivationBytes,
		@DefaultValue("4") @Min(1) int maxConcurrentPerUser, @DefaultValue("120s") @NotNull Duration timeout) {
}
