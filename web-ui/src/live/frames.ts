import type { Problem } from '../api/client';
import { float16ToNumber } from '../common/float16';

/**
 * The activation stream's wire format (`/ws/v1/activations`, see the server's ActivationStreamHandler).
 * Binary frames: `[header length: int32 LE][header: UTF-8 JSON][tensor: row-major, little-endian]`.
 * Text frames: JSON objects told apart by `type`: token, summary, cancelled, error.
 */

export type StreamDtype = 'float32' | 'float16';

/** The run request a client sends as a text message. Exactly one of `text` and `tokens`. */
export interface StreamRequest {
  model: string;
  text?: string;
  tokens?: number[];
  /** Hook names and glob patterns (`*` within a dotted segment, `**` across), e.g. `blocks.*.hook_resid_post`. */
  hooks: string[];
  dtype?: StreamDtype;
  /** Greedy generation: one more pass (step) per generated token. */
  generate?: { maxNewTokens: number };
}

/** The JSON header of one activation frame. */
export interface FrameHeader {
  /** The hook name, e.g. `blocks.1.hook_resid_post`. */
  name: string;
  /** The tensor's dimensions, e.g. [batch, pos, d_model]. */
  shape: number[];
  dtype: StreamDtype;
  /** The block of a block hook; null for model-level hooks (embeddings, ln_final, logits). */
  layer: number | null;
  /** 0 for the prompt pass, n for the pass over the nth generated token. */
  step: number;
  /** The frame's number in this stream, from 0. */
  index: number;
}

/** One decoded activation frame. */
export interface ActivationFrame {
  header: FrameHeader;
  /** The tensor, row-major (float16 widened exactly to float32). */
  values: Float32Array;
  /** The whole frame's size in bytes, header included (what the summary's `bytes` adds up). */
  bytes: number;
}

/** A generated token, sent before the activations of its pass. */
export interface TokenMessage {
  type: 'token';
  step: number;
  tokenId: number;
  text: string;
}

/** The last message of a completed run. */
export interface SummaryMessage {
  type: 'summary';
  /** Activation frames sent. */
  frames: number;
  /** Their total size in bytes, headers included. */
  bytes: number;
  /** The prompt's token ids. */
  tokens: number[];
  /** The generated token ids (only with `generate`). */
  generated?: number[];
  /** Wall time of the run on the server. */
  millis: number;
}

export type ServerMessage = TokenMessage | SummaryMessage | { type: 'cancelled' } | { type: 'error'; problem: Problem };

/** Decodes a binary frame; throws if its tensor bytes do not match the header's shape and dtype. */
export function parseFrame(buffer: ArrayBuffer): ActivationFrame {
  const view = new DataView(buffer);
  const headerLength = view.getInt32(0, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, headerLength))) as FrameHeader;
  const offset = 4 + headerLength;
  const elementBytes = header.dtype === 'float16' ? 2 : 4;
  const count = header.shape.reduce((product, size) => product * size, 1);
  if (buffer.byteLength - offset !== count * elementBytes) {
    throw new Error(
      `Frame ${header.name} holds ${buffer.byteLength - offset} tensor bytes; shape [${header.shape}] of ${header.dtype} needs ${count * elementBytes}`,
    );
  }
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    values[i] =
      elementBytes === 2
        ? float16ToNumber(view.getUint16(offset + 2 * i, true))
        : view.getFloat32(offset + 4 * i, true);
  }
  return { header, values, bytes: buffer.byteLength };
}

/** Reads a text frame of the stream. */
export function parseServerMessage(text: string): ServerMessage {
  const message = JSON.parse(text) as { type?: string };
  switch (message.type) {
    case 'token':
    case 'summary':
    case 'cancelled':
    case 'error':
      return message as ServerMessage;
    default:
      throw new Error(`Unknown stream message type '${String(message.type)}'`);
  }
}
