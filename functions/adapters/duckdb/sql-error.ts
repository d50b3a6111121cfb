import { duckDbErrorClass } from '../../core/error-kind.ts';
import { type AppError, invalidQuery, isAppError, unprocessable } from '../../core/errors.ts';

/** Anything that looks like a filesystem path of two or more segments (absolute, ~, or Windows). */
const PATH = /(?:[A-Za-z]:\\|~\/|\/)[^\s'"`/\\]+(?:[/\\][^\s'"`/\\]*)+/g;

/** Removes paths from a DuckDB message: file names of views and spill files are internals. */
export function scrubPaths(message: string): string {
  return message.replace(PATH, '<path>');
}

/**
 * Maps an error raised by DuckDB while preparing or running a CLIENT's SQL to a problem: parser,
 * binder, catalog, conversion and invalid-input errors are the client's (400, message without
 * paths, first line and the caret line only); running out of memory is a limit (422); a permission
 * error says only that access is denied. Anything else (IO, internal) stays a bare 500.
 */
export function toSqlProblem(e: unknown): AppError | unknown {
  if (isAppError(e) || !(e instanceof Error)) return e;
  const kind = duckDbErrorClass(e.message);
  if (!kind) return e;
  const text = e.message.slice(kind.length + ' Error: '.length);
  if (kind === 'Out of Memory') {
    return unprocessable({
      detail: 'the query needs more memory than a query may use',
      hint: 'aggregate or filter more, select fewer columns, or download the files instead',
      extensions: { limit: 'memory' },
    });
  }
  if (kind === 'Permission') {
    return invalidQuery({
      detail: 'the query tried to reach something outside the datasets it names',
      hint: 'query only dataset tables',
    });
  }
  if (
    [
      'Parser',
      'Binder',
      'Catalog',
      'Conversion',
      'Invalid Input',
      'Out of Range',
      'Not implemented',
      'Syntax',
      'Constraint',
    ].includes(kind)
  ) {
    const [first = '', ...rest] = text.split('\n');
    const lineIdx = rest.findIndex((l) => /^LINE \d+:/.test(l));
    const context = lineIdx >= 0 ? `\n${rest.slice(lineIdx, lineIdx + 2).join('\n')}` : '';
    return invalidQuery({
      detail: scrubPaths(`${kind} error: ${first}${context}`).slice(0, 1000),
      hint:
        kind === 'Catalog' || kind === 'Binder'
          ? 'check the table and column names: SELECT * FROM "dataset-id" LIMIT 1 shows the columns'
          : 'check the SQL syntax (DuckDB dialect)',
      errors: [{ where: 'body.sql', message: scrubPaths(first).slice(0, 300) }],
    });
  }
  return e;
}

/**
 * Maps an error raised while running a COMPILED query (the Query API): the compiler checked names and
 * types, so what remains is arithmetic the values cannot hold (`x * 9007199254740991 * 9007199254740991`
 * overflows BIGINT), a 400 saying so. Anything else stays a bare 500.
 */
export function toQueryRunProblem(e: unknown): AppError | unknown {
  if (isAppError(e) || !(e instanceof Error) || duckDbErrorClass(e.message) !== 'Out of Range') return e;
  const message = scrubPaths(e.message.slice('Out of Range Error: '.length).split('\n')[0] ?? '').slice(0, 300);
  return invalidQuery({
    detail: `a value is out of range while computing the query: ${message}`,
    hint: 'integer arithmetic is exact within ±9223372036854775807: use smaller values, or multiply by 1.0 first to compute in floating point',
    errors: [{ where: 'query', message }],
  });
}
