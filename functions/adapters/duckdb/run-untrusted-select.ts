import { type DuckDBConnection, type DuckDBResult, StatementType } from '@duckdb/node-api';
import { invalidQuery } from '../../core/errors.ts';

/**
 * Runs a client's SQL only if DuckDB's own parser sees exactly ONE statement and the prepared
 * statement's type is SELECT: stacked statements, DDL (which the lockdown does not block on loaded
 * tables) and anything else are refused before execution. The result is streamed (the caller reads
 * only what it needs: read-rows.ts), so a huge result is never materialized.
 */
export async function runUntrustedSelect(conn: DuckDBConnection, sql: string): Promise<DuckDBResult> {
  const extracted = await conn.extractStatements(sql);
  if (extracted.count !== 1) {
    throw invalidQuery({
      detail: `${extracted.count} statements found; exactly one SELECT is allowed`,
      hint: 'remove the extra statements (a ";" ends a statement)',
      errors: [
        {
          where: 'body.sql',
          message: 'must be a single SELECT statement',
          zh: { message: '必须是单独一条 SELECT 语句' },
        },
      ],
      zh: {
        detail: `发现 ${extracted.count} 条语句；只允许一条 SELECT`,
        hint: '请删除多余的语句（";" 表示一条语句结束）',
      },
    });
  }
  const prepared = await extracted.prepare(0);
  if (prepared.statementType !== StatementType.SELECT) {
    throw invalidQuery({
      detail: 'only a SELECT statement is allowed',
      hint: 'write one SELECT (or FROM …) query',
      errors: [{ where: 'body.sql', message: 'must be a SELECT statement', zh: { message: '必须是 SELECT 语句' } }],
      zh: { detail: '只允许 SELECT 语句', hint: '请写一条 SELECT（或 FROM …）查询' },
    });
  }
  if (prepared.parameterCount > 0) {
    throw invalidQuery({
      detail: 'query parameters ($1, ?) are not supported',
      hint: 'write the values into the query',
      zh: { detail: '不支持查询参数（$1、?）', hint: '请把值直接写进查询' },
    });
  }
  return prepared.stream();
}
