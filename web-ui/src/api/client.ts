import createClient from 'openapi-fetch';
import type { components, paths } from './generated/arrakis';

/** The API's schemas, generated from openapi/arrakis.yaml (never edited by hand). */
export type Schemas = components['schemas'];

/** An RFC 9457 problem detail as the server sends it (`application/problem+json`). */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Extension members, e.g. `field`, `allowed`, `suggestions`, `estimateBytes`. */
  [extension: string]: unknown;
}

/** A failed API call: the problem the server answered with, or one made up for a network failure. */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.problem = problem;
  }

  /** True when the key is missing, unknown, revoked or expired: the user must enter another. */
  get unauthorized(): boolean {
    return this.problem.status === 401;
  }
}

const KEY_STORAGE = 'arrakis.apiKey';

/** The API key of this browser, kept in localStorage so that a reload keeps the user signed in. */
export const apiKey = {
  get(): string | null {
    return window.localStorage.getItem(KEY_STORAGE);
  },
  set(key: string): void {
    window.localStorage.setItem(KEY_STORAGE, key.trim());
  },
  clear(): void {
    window.localStorage.removeItem(KEY_STORAGE);
  },
};

type UnauthorizedListener = (error: ApiError) => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Calls `listener` whenever the server refuses the key (401); returns the unsubscribe function. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** The typed client: `api.GET('/api/v1/models/{name}', { params: { path: { name } } })`. */
export const api = createClient<paths>({ baseUrl: window.location.origin });

api.use({
  onRequest({ request }) {
    const key = apiKey.get();
    if (key) {
      request.headers.set('Authorization', `Bearer ${key}`);
    }
    return request;
  },
});

/** Turns any error body (problem JSON, plain text, nothing) into a Problem. */
export function toProblem(status: number, body: unknown, statusText = ''): Problem {
  if (body && typeof body === 'object' && 'status' in body) {
    return body as Problem;
  }
  const text = typeof body === 'string' && body.length > 0 ? body : statusText;
  return { status, title: statusText || `HTTP ${status}`, detail: text || undefined };
}

/**
 * Unwraps an openapi-fetch result: the data, or throws an ApiError carrying the problem detail.
 * A 401 also tells the listeners, so that the app asks for a key again.
 */
export async function call<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await pending;
  } catch (cause) {
    throw unreachable(cause);
  }
  const { data, error, response } = result;
  if (!response.ok) throw refused(response, error);
  return data as T;
}

/**
 * A request whose answer is binary (a run as safetensors), sent with the key: the answer's bytes, or the ApiError
 * that `call` would throw. Aborting `init.signal` rejects with the fetch's own AbortError.
 */
export async function fetchBinary(path: string, init: RequestInit = {}): Promise<ArrayBuffer> {
  const headers = new Headers(init.headers);
  const key = apiKey.get();
  if (key) headers.set('Authorization', `Bearer ${key}`);
  let response: Response;
  try {
    response = await fetch(new URL(path, window.location.origin), { ...init, headers });
  } catch (cause) {
    throw init.signal?.aborted ? cause : unreachable(cause);
  }
  if (!response.ok) {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // a plain-text or empty error body: toProblem words it
    }
    throw refused(response, body);
  }
  return response.arrayBuffer();
}

function unreachable(cause: unknown): ApiError {
  return new ApiError({
    status: 0,
    title: 'The server cannot be reached',
    detail: cause instanceof Error ? cause.message : String(cause),
  });
}

/** The ApiError of a non-2xx answer; a 401 also tells the listeners, so that the app asks for a key again. */
function refused(response: Response, body: unknown): ApiError {
  const apiError = new ApiError(toProblem(response.status, body, response.statusText));
  if (apiError.unauthorized) {
    unauthorizedListeners.forEach((listener) => listener(apiError));
  }
  return apiError;
}

/** The WebSocket URL of the activation stream, authenticated with the key (browsers cannot set headers there). */
export function activationStreamUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const key = apiKey.get() ?? '';
  return `${scheme}://${window.location.host}/ws/v1/activations?access_token=${encodeURIComponent(key)}`;
}

/** `POST /api/v1/models/{name}/run`, asking for JSON (the endpoint can also answer safetensors). */
export async function runModel(model: string, body: Schemas['RunRequest']): Promise<Schemas['RunResponse']> {
  const response = await call(
    api.POST('/api/v1/models/{name}/run', {
      params: { path: { name: model } },
      body,
      headers: { Accept: 'application/json' },
    }),
  );
  if (typeof response === 'string') {
    throw new ApiError({ status: 406, title: 'Unexpected response', detail: 'The server did not answer JSON' });
  }
  return response;
}

/** Invokes a tool method on a model: `POST /api/v1/models/{name}/tools/{key}/{method}` with named parameters. */
export function invokeTool<T>(
  model: string,
  tool: string,
  method: string,
  params: Record<string, unknown>,
): Promise<T> {
  return call(
    api.POST('/api/v1/models/{name}/tools/{key}/{method}', {
      params: { path: { name: model, key: tool, method } },
      body: params,
    }),
  ) as Promise<T>;
}
