import { useEffect, useState } from 'react';

/** The part of the URL after `#`, split into segments: `#/experiments/alice/x` → ['experiments', 'alice', 'x']. */
export function parseHash(hash: string): string[] {
  return hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((segment) => segment.length > 0)
    .map(decodeURIComponent);
}

/** Builds a hash link from segments, encoding each. */
export function hashOf(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}

/** The current hash route; the server serves one page at `/`, so views live behind `#`. */
export function useHashRoute(): string[] {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
