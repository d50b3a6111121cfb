import { expect } from 'vitest';

/** Every word the compiler itself may write. Anything else in the SQL text came from the client. */
const OWN_WORDS = new Set(
  (
    'SELECT FROM WHERE AND OR NOT IN BETWEEN LIKE IS NULL AS CAST VARCHAR HUGEINT BIGINT DOUBLE DATE TIMESTAMP TIME ' +
    'BOOLEAN ORDER BY ASC DESC NULLS LAST LIMIT OFFSET GROUP HAVING FALSE count sum avg min max upper lower ' +
    'starts_with date_trunc contains strpos DISTINCT FIRST extract year month day hour minute second dow week COLLATE zh'
  ).split(' '),
);

/**
 * Asserts the SQL text holds nothing from the client but quoted identifiers: strip `"…"` identifiers
 * and the compiler's own `'month'`-style units, and only our keywords, placeholders (`?`, or
 * DuckDB's numbered `$1`), digits of our own (none are literals) and punctuation remain.
 */
export const expectOnlyOwnSql = (sql: string): void => {
  const stripped = sql
    .replace(/"(?:[^"]|"")*"/g, ' ')
    .replace(/'(?:year|month|day)'/g, ' ')
    .replace(/\$[1-9][0-9]*/g, '?');
  expect(stripped).toMatch(/^[A-Za-z_ (),?*+\-/<>=!0]*$/);
  for (const word of stripped.match(/[A-Za-z_]+/g) ?? []) expect(OWN_WORDS, `unexpected word ${word}`).toContain(word);
};
