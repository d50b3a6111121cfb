import { duckDbErrorClass } from '../../core/error-kind.ts';
import { type AppError, invalidQuery, isAppError, unprocessable } from '../../core/errors.ts';
import { joinZh } from '../../core/zh-spacing.ts';

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
      zh: {
        detail: '这个查询需要的内存超过了单个查询的上限',
        hint: '请多做聚合或筛选、少选几列，或改为下载文件',
      },
      extensions: { limit: 'memory' },
    });
  }
  if (kind === 'Permission') {
    return invalidQuery({
      detail: 'the query tried to reach something outside the datasets it names',
      hint: 'query only dataset tables',
      zh: { detail: '这个查询试图访问它所指定的数据集以外的内容', hint: '只能查询数据集表' },
    });
  }
  const clientKind = Object.hasOwn(CLIENT_ERRORS_ZH, kind) ? CLIENT_ERRORS_ZH[kind] : undefined;
  if (clientKind) {
    const [first = '', ...rest] = text.split('\n');
    const lineIdx = rest.findIndex((l) => /^LINE \d+:/.test(l));
    const context = lineIdx >= 0 ? `\n${rest.slice(lineIdx, lineIdx + 2).join('\n')}` : '';
    const names = kind === 'Catalog' || kind === 'Binder';
    const engine = scrubPaths(`${first}${context}`);
    const message = scrubPaths(first).slice(0, 300);
    // The engine's text is DuckDB's English, quoted as is after a Chinese sentence saying what kind of error it is.
    return invalidQuery({
      detail: scrubPaths(`${kind} error: ${first}${context}`).slice(0, 1000),
      hint: names
        ? 'check the table and column names: SELECT * FROM "dataset-id" LIMIT 1 shows the columns'
        : 'check the SQL syntax (DuckDB dialect)',
      errors: [{ where: 'body.sql', message, zh: { message: `${clientKind}，DuckDB 的原文：${message}` } }],
      zh: {
        detail: joinZh('DuckDB 报告', clientKind, `（${kind} error），原文：${engine}`).slice(0, 1000),
        hint: names
          ? '请检查表名和列名：SELECT * FROM "dataset-id" LIMIT 1 可以显示各列'
          : '请检查 SQL 语法（DuckDB 方言）',
      },
    });
  }
  return e;
}

/** The kinds of DuckDB error that are the client's SQL (a 400), and what each is, in Chinese. */
const CLIENT_ERRORS_ZH: Readonly<Record<string, string>> = {
  Parser: 'SQL 解析错误',
  Binder: '名称或类型错误',
  Catalog: '找不到表或函数的错误',
  Conversion: '类型转换错误',
  'Invalid Input': '输入无效的错误',
  'Out of Range': '数值超出范围的错误',
  'Not implemented': '功能未实现的错误',
  Syntax: '语法错误',
  Constraint: '约束错误',
};

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
    errors: [{ where: 'query', message, zh: { message: `数值超出范围，DuckDB 的原文：${message}` } }],
    zh: {
      detail: `计算查询时数值超出范围，DuckDB 的原文：${message}`,
      hint: '整数运算在 ±9223372036854775807 之内是精确的：请使用更小的值，或先乘以 1.0 改用浮点数计算',
    },
  });
}
