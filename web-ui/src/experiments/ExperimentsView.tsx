/** Placeholder until the experiments view lands. */
export function ExperimentsView({ route }: { route: string[] }) {
  return <h1>Experiments {route.join('/')}</h1>;
}
