import { useCallback, useEffect, useReducer, useRef } from 'react';
import { activationStreamUrl } from '../api/client';
import { parseFrame, parseServerMessage, type StreamRequest } from './frames';
import { initialStreamState, streamReducer, type StreamAction, type StreamState } from './streamState';

/** Arrivals are applied in batches at most this often, so that thousands of frames do not mean thousands of renders. */
const FLUSH_MS = 50;

export interface ActivationStream {
  state: StreamState;
  /** Sends a run request, opening the socket first if there is none (one socket serves run after run). */
  start: (request: StreamRequest) => void;
  /** Asks the server to stop the run at its next hook; it answers `cancelled`. */
  cancel: () => void;
}

/** The activation WebSocket of one view: opened on the first start, closed when the view goes away. */
export function useActivationStream(url: () => string = activationStreamUrl): ActivationStream {
  const [state, dispatch] = useReducer(streamReducer, initialStreamState);
  const socket = useRef<WebSocket | null>(null);
  const pending = useRef<StreamAction[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const flush = useCallback(() => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    const actions = pending.current;
    pending.current = [];
    if (actions.length > 0) dispatch({ type: 'batch', actions });
  }, []);

  const enqueue = useCallback(
    (action: StreamAction) => {
      pending.current.push(action);
      timer.current ??= setTimeout(flush, FLUSH_MS);
    },
    [flush],
  );

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
      const open = socket.current;
      socket.current = null;
      open?.close(1000, 'The view was left');
    },
    [],
  );

  const connect = useCallback(
    (request: StreamRequest) => {
      const ws = new WebSocket(url());
      ws.binaryType = 'arraybuffer';
      socket.current = ws;
      ws.onopen = () => {
        dispatch({ type: 'open' });
        ws.send(JSON.stringify(request));
      };
      ws.onmessage = (event: MessageEvent<ArrayBuffer | string>) => {
        if (socket.current !== ws) return;
        enqueue(readMessage(event.data));
      };
      ws.onclose = (event) => {
        if (socket.current !== ws) return;
        socket.current = null;
        enqueue({ type: 'closed', code: event.code, reason: event.reason });
      };
    },
    [url, enqueue],
  );

  const start = useCallback(
    (request: StreamRequest) => {
      flush();
      const ws = socket.current;
      const open = ws?.readyState === WebSocket.OPEN;
      dispatch({ type: 'start', request, at: performance.now(), connecting: !open });
      if (open) ws.send(JSON.stringify(request));
      else connect(request);
    },
    [flush, connect],
  );

  const cancel = useCallback(() => {
    const ws = socket.current;
    dispatch({ type: 'cancel' });
    if (ws?.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify({ type: 'cancel' }));
    } else {
      // Still connecting: closing the socket cancels too; nobody is left to answer, so say it here.
      socket.current = null;
      ws?.close();
      flush();
      dispatch({
        type: 'batch',
        actions: [
          { type: 'message', message: { type: 'cancelled' } },
          { type: 'closed', code: 1000, reason: '' },
        ],
      });
    }
  }, [flush]);

  return { state, start, cancel };
}

function readMessage(data: ArrayBuffer | string): StreamAction {
  try {
    return typeof data === 'string'
      ? { type: 'message', message: parseServerMessage(data) }
      : { type: 'frame', frame: parseFrame(data), at: performance.now() };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      type: 'message',
      message: { type: 'error', problem: { status: 0, title: 'Unreadable stream message', detail } },
    };
  }
}
