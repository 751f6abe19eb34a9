package dev.arrakis.app.streaming;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the activation stream.
 *
 * @param maxQueuedBytes the most frame bytes waiting to be sent per session; the model
 * thread blocks while the queue is full (a single frame larger than this is still sent,
 * alone)
 * @param sendTimeout how long a frame may wait for room in the queue, and how long one
 * send to the client may take, before the stream fails ({@code stream-stalled}, close
 * code 1008)
 * @param maxRequestBytes the largest run request (a text message) the server reads; a
 * larger one closes the socket with 1009
 * @param maxNewTokens the most tokens one request may generate
 */
@ConfigurationProperties("arrakis.streaming")
@Validated
record StreamingProperties(@DefaultValue("64MB") @NotNull DataSize maxQueuedBytes,
		@DefaultValue("30s") @NotNull Duration sendTimeout, @DefaultValue("1MB") @NotNull DataSize maxRequestBytes,
		@DefaultValue("1024") @Min(1) int maxNewTokens) {

}
