/**
 * The one way an identifier reaches SQL. DuckDB and Trino share the rule: wrap in double quotes and
 * double any double quote inside. Names never contain NUL (the lexer and the manifest refuse it).
 */
export const quoteIdent = (name: string): string => {
  if (name.includes('\0')) throw new Error('identifier contains NUL');
  return `"${name.replaceAll('"', '""')}"`;
};
