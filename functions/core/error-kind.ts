/**
 * The class DuckDB names at the start of its messages ("Binder Error: …" → `Binder`), or undefined.
 * One reading for every place that sorts DuckDB errors: client SQL, compiled queries, release checks.
 */
export function duckDbErrorClass(message: string): string | undefined {
  return /^([A-Z][A-Za-z]*(?: [A-Za-z]+){0,4}) Error: /.exec(message)?.[1];
}

/** The class of an error, never its text (a DuckDB message may quote a cell): "Binder Error", "TypeError". */
export function errorKind(e: unknown): string {
  const duck = e instanceof Error ? duckDbErrorClass(e.message) : undefined;
  if (duck) return `${duck} Error`;
  return e instanceof Error && /^[A-Za-z]+$/.test(e.name) ? e.name : 'Error';
}
