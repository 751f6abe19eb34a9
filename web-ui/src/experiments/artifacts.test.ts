import { ApiError, apiKey } from '../api/client';
import { artifactPath, fetchArtifact, formatBytes, sortArtifacts } from './artifacts';
import { leftRun, LEFT_ID } from './mocks/experiments';

describe('artifacts', () => {
  it('builds the path with the name’s slashes kept and each segment encoded', () => {
    expect(artifactPath(LEFT_ID, 'plots/0-attention.png')).toBe(
      `/api/v1/runs/${LEFT_ID}/artifacts/plots/0-attention.png`,
    );
    expect(artifactPath('r', 'steps/a b#.json')).toBe('/api/v1/runs/r/artifacts/steps/a%20b%23.json');
  });

  it('sorts artifacts into plot images, plot data and the rest, losing none', () => {
    const all = [...(leftRun.artifacts ?? []), { name: 'steps/pattern.json', ref: { mediaType: 'application/json' } }];
    const { images, plotData, other } = sortArtifacts(all);
    expect(images.map((a) => a.name)).toEqual(['plots/0-attention.png', 'plots/0-attention.svg']);
    expect(plotData.map((a) => a.name)).toEqual(['plots/0-attention.json']);
    expect(other.map((a) => a.name)).toEqual(['steps/pattern.json']);
    expect(images.length + plotData.length + other.length).toBe(all.length);
  });

  it('formats sizes', () => {
    expect(formatBytes(980)).toBe('980 B');
    expect(formatBytes(14125)).toBe('14.1 kB');
    expect(formatBytes(2_500_000)).toBe('2.5 MB');
  });

  it('fetches with the API key and turns a refusal into the server’s problem', async () => {
    apiKey.set('secret');
    const fetchMock = vi.fn(
      async () =>
        new Response(JSON.stringify({ status: 404, title: 'Not Found', detail: "'plots/x.png' in run r" }), {
          status: 404,
        }),
    );
    vi.stubGlobal('fetch', fetchMock);
    try {
      const error = await fetchArtifact('r', 'plots/x.png').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).problem.status).toBe(404);
      const init = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
      expect(init[0]).toBe('/api/v1/runs/r/artifacts/plots/x.png');
      expect(init[1].headers).toEqual({ Authorization: 'Bearer secret' });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
