import { useEffect, useState } from 'react';
import { ProblemMessage } from '../common/ProblemMessage';
import { fetchArtifact } from './artifacts';

export interface PlotImageProps {
  runId: string;
  /** The artifact's name in the run, e.g. `plots/0-attention.png` (PNG or SVG). */
  name: string;
}

/**
 * A plot of a run, fetched with the API key as a blob and shown through an object URL, revoked when the image goes
 * away (an <img src> to the API could not send the Authorization header).
 */
export function PlotImage({ runId, name }: PlotImageProps) {
  const [state, setState] = useState<{ url?: string; error?: unknown }>({});
  useEffect(() => {
    const abort = new AbortController();
    let url: string | undefined;
    setState({});
    fetchArtifact(runId, name, abort.signal)
      .then((blob) => {
        url = URL.createObjectURL(blob);
        setState({ url });
      })
      .catch((error: unknown) => {
        if (!abort.signal.aborted) setState({ error });
      });
    return () => {
      abort.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [runId, name]);

  return (
    <figure className="plot">
      {state.error !== undefined ? (
        <ProblemMessage error={state.error} action={`Loading ${name}`} />
      ) : state.url ? (
        <img src={state.url} alt={`Plot ${name} of run ${runId.slice(0, 8)}`} />
      ) : (
        <p className="loading" role="status">
          Loading {name}…
        </p>
      )}
      <figcaption className="mono">{name}</figcaption>
    </figure>
  );
}
