// autocannon 9 ships no types; the benchmark uses only its promise API.
declare module 'autocannon' {
  function autocannon(options: Record<string, unknown>): Promise<unknown>;
  export default autocannon;
}
