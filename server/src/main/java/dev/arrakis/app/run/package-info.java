/**
 * Running resident models over REST: {@code POST /api/v1/models/{name}/run} (activations
 * at chosen hooks, predictions, interventions, generation; JSON or a safetensors body),
 * {@code /tokenize} and {@code /detokenize}, with admission control (an activation memory
 * estimate, a per-user concurrency limit, a time limit) and a request body limit.
 * <p>
 * The request parsing and validation ({@link dev.arrakis.app.run.RunRequest},
 * {@link dev.arrakis.app.run.TokenInput},
 * {@link dev.arrakis.app.run.ActivationSelection},
 * {@link dev.arrakis.app.run.Interventions}) are public so that other transports (e.g.
 * streaming) can reuse them; they report bad input as
 * {@link dev.arrakis.app.web.ApiProblemException}s naming the field.
 */
@NullMarked
package dev.arrakis.app.run;

import org.jspecify.annotations.NullMarked;
