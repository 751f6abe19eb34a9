import { ApiError, apiKey, toProblem, type Schemas } from '../api/client';

type NamedArtifact = Schemas['NamedArtifact'];

/** The URL path of a run's artifact; its name keeps its slashes (`plots/0-attention.png`), each segment encoded. */
export function artifactPath(runId: string, name: string): string {
  return `/api/v1/runs/${encodeURIComponent(runId)}/artifacts/${name.split('/').map(encodeURIComponent).join('/')}`;
}

const IMAGE_TYPES = new Set(['image/png', 'image/svg+xml']);

/** A run's artifacts sorted into plot images (PNG, SVG), plot data (JSON under plots/) and the rest (step results). */
export function sortArtifacts(artifacts: NamedArtifact[] = []): {
  images: NamedArtifact[];
  plotData: NamedArtifact[];
  other: NamedArtifact[];
} {
  const images: NamedArtifact[] = [];
  const plotData: NamedArtifact[] = [];
  const other: NamedArtifact[] = [];
  for (const artifact of artifacts) {
    const type = artifact.ref?.mediaType ?? '';
    const name = artifact.name ?? '';
    if (IMAGE_TYPES.has(type)) images.push(artifact);
    else if (name.startsWith('plots/')) plotData.push(artifact);
    else other.push(artifact);
  }
  return { images, plotData, other };
}

/** Size in bytes as "14.1 kB" / "980 B". */
export function formatBytes(bytes: number | undefined): string {
  if (bytes == null) return '—';
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/**
 * Fetches an artifact's bytes with the API key (an <img src> could not send the Authorization header).
 * A refusal becomes an ApiError with the server's problem.
 */
export async function fetchArtifact(runId: string, name: string, signal?: AbortSignal): Promise<Blob> {
  const key = apiKey.get();
  const response = await fetch(artifactPath(runId, name), {
    headers: key ? { Authorization: `Bearer ${key}` } : {},
    signal,
  });
  if (!response.ok) {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    throw new ApiError(toProblem(response.status, body, response.statusText));
  }
  return response.blob();
}
