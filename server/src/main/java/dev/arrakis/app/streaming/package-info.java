/**
 * Activation streaming over WebSocket ({@code /ws/v1/activations}): a client sends one
 * run request as a text message and receives each selected activation as a binary frame
 * the moment its hook fires, then a summary. Frames pass through a bounded per-session
 * send queue, so a slow client slows the model down instead of filling the server's
 * memory.
 */
@NullMarked
package dev.arrakis.app.streaming;

import org.jspecify.annotations.NullMarked;
