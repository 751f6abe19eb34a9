/**
 * Cross-cutting HTTP concerns: every error leaves the server as an RFC 9457 problem
 * detail whose {@code type} is one of the stable URIs in
 * {@link dev.arrakis.app.web.ProblemType}; features signal errors by throwing an
 * {@link dev.arrakis.app.web.ApiProblemException}. Also the security filter chain: who
 * may call what, with API keys from {@code dev.arrakis.app.accounts}.
 */
@NullMarked
package dev.arrakis.app.web;

import org.jspecify.annotations.NullMarked;
