import { vi } from 'vitest';
import { ApiError, apiKey, fetchBinary, onUnauthorized } from './client';

describe('fetchBinary', () => {
  const fetchMock = vi.fn<typeof fetch>();
  beforeEach(() => {
    fetchMock.mockReset();
    vi.stubGlobal('fetch', fetchMock);
    apiKey.set('k-123');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    apiKey.clear();
  });

  it('sends the key with the request and returns the answer’s bytes', async () => {
    fetchMock.mockResolvedValue(new Response(new Uint8Array([1, 2, 255])));
    const bytes = await fetchBinary('/api/v1/x?format=safetensors', { method: 'POST', body: '{}' });
    expect(Array.from(new Uint8Array(bytes))).toEqual([1, 2, 255]);
    const [url, init] = fetchMock.mock.calls[0];
    expect(String(url)).toBe(`${window.location.origin}/api/v1/x?format=safetensors`);
    expect(new Headers(init?.headers).get('Authorization')).toBe('Bearer k-123');
    expect(init?.method).toBe('POST');
  });

  it('turns a problem answer into an ApiError, and tells the listeners of a refused key', async () => {
    const problem = { status: 413, title: 'Request too large', estimatedBytes: 600 };
    fetchMock.mockResolvedValueOnce(new Response(JSON.stringify(problem), { status: 413 }));
    const error = await fetchBinary('/a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).problem).toEqual(problem);

    const refused = vi.fn();
    const unsubscribe = onUnauthorized(refused);
    fetchMock.mockResolvedValueOnce(new Response('no key', { status: 401, statusText: 'Unauthorized' }));
    await expect(fetchBinary('/a')).rejects.toMatchObject({ problem: { status: 401, detail: 'no key' } });
    expect(refused).toHaveBeenCalledTimes(1);
    unsubscribe();
  });
});
