/** Placeholder until the live view lands. */
export function LiveView() {
  return <h1>Live</h1>;
}
