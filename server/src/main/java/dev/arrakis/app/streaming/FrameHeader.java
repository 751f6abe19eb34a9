package dev.arrakis.app.streaming;

import org.jspecify.annotations.Nullable;

/**
 * The JSON header of one activation frame.
 *
 * @param name the hook name, e.g. {@code blocks.1.attn.hook_pattern}
 * @param shape the tensor's dimensions, e.g. [batch, n_heads, query_pos, key_pos]
 * @param dtype {@code float32} or {@code float16}: the type of the tensor bytes
 * @param layer the block of a block hook; null for model-level hooks (embeddings,
 * ln_final, logits)
 * @param step 0 for the prompt pass, n for the pass over the nth generated token
 * @param index the frame's number in this stream, from 0
 */
record FrameHeader(String name, long[] shape, String dtype, @Nullable Integer layer, int step, long index) {

}
