/**
 * The one way names and constants reach SQL text (DuckDB and Trino share these rules). Identifiers come from manifests (column names
 * may contain spaces, quotes or Chinese); literals are only ever our own constants (detector ids,
 * regex patterns, column names as labels). Data values and keys are never spliced: they travel as
 * prepared-statement parameters.
 */

/** Quotes an identifier (DuckDB, Trino): wrapped in double quotes, inner double quotes doubled. */
export function quoteIdent(name: string): string {
  if (name.length === 0) throw new Error('an SQL identifier cannot be empty');
  if (name.includes('\u0000')) throw new Error('an SQL identifier cannot contain NUL');
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal: wrapped in single quotes, inner single quotes doubled (DuckDB does not treat backslash as an escape). */
export function quoteLiteral(text: string): string {
  if (text.includes('\u0000')) throw new Error('an SQL literal cannot contain NUL');
  return `'${text.replaceAll("'", "''")}'`;
}

/** Writes a finite number as a DOUBLE literal through a string cast, so DuckDB parses the exact same double as JS. */
export function doubleLiteral(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return `CAST('${String(n)}' AS DOUBLE)`;
}

/** Writes a safe integer as a literal (parameters of treatments, k, lengths: validated numbers, never data). */
export function intLiteral(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not a safe integer: ${n}`);
  return String(n);
}

/** Checks a prepared-statement parameter name (`$name`), so it can be written into SQL as is. */
export function paramRef(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`invalid parameter name: ${name}`);
  return `$${name}`;
}
