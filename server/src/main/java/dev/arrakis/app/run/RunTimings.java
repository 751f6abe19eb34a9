package dev.arrakis.app.run;

/**
 * Wall-clock times of a run, in milliseconds.
 *
 * @param forwardMillis the forward pass with its hooks and copying the results to the
 * host
 * @param generateMillis the generation (0 when none was asked for)
 * @param totalMillis everything from reading the input to building the result
 */
public record RunTimings(double forwardMillis, double generateMillis, double totalMillis) {
}
