/**
 * Checks a client's SQL from DuckDB's own parse tree (the JSON of `json_serialize_sql`), never from
 * the text: strings, comments, quoting and unicode tricks cannot hide a table or a function from a
 * parser that already resolved them. The tree gives every table reference (BASE_TABLE nodes, with
 * schema and catalog), every table function and every function call; CTE names are scoped as DuckDB
 * scopes them, so a CTE cannot pass off a system view (`WITH duckdb_views AS (…)`) as its own.
 *
 * Rules: exactly one SELECT statement; tables are unqualified names that are either datasets or CTEs
 * in scope; no table functions (read_csv, glob, range, duckdb_settings…: that is what confines
 * reads to the views of the referenced datasets); no functions that reveal the environment or the
 * catalogue, and only the functions function-sizes.ts allows; no prepared-statement parameters; and
 * no value that could grow much larger than the data it reads (check-value-sizes.ts): DuckDB's
 * memory limit does not count the strings and lists functions return, and its interrupt does not stop
 * one long evaluation.
 */

import { checkValueSizes } from './check-value-sizes.ts';
import { isKnownFunction } from './function-sizes.ts';
import { isObj, type Json, type Obj } from './sql-tree.ts';

export interface SqlViolation {
  readonly where: string;
  readonly message: string;
  readonly hint?: string;
  /** `message` and `hint` in simplified Chinese, with the same names and numbers. */
  readonly zh: { readonly message: string; readonly hint?: string };
}

/** The refusal of SQL that could not be parsed at all. */
const UNPARSED: SqlViolation = {
  where: 'sql',
  message: 'the SQL could not be parsed',
  zh: { message: '无法解析这条 SQL' },
};

const EXTRA_STATEMENTS_HINT = {
  en: 'remove the extra statements (a ";" ends a statement)',
  zh: '请删除多余的语句（";" 表示一条语句结束）',
};

export type SqlInspection =
  | { readonly ok: true; readonly tables: readonly string[] }
  | { readonly ok: false; readonly syntax: boolean; readonly violations: readonly SqlViolation[] };

/** Scalar functions that reveal the environment, settings or the catalogue (paths of views). */
const FORBIDDEN_FUNCTIONS = new Set([
  'getenv',
  'current_setting',
  'getvariable',
  'current_schemas',
  'current_database',
  'current_catalog',
  'current_query',
  'json_serialize_sql',
  'json_deserialize_sql',
  'json_execute_serialized_sql',
  'json_serialize_plan',
  'query',
  'query_table',
  'read_blob',
  'read_text',
  'which_secret',
  'nextval',
  'currval',
  'setseed',
]);
const FORBIDDEN_PREFIXES = [
  'duckdb_',
  'pragma_',
  'pg_',
  'sqlite_',
  'read_',
  'parquet_',
  'icu_',
  'has_',
  'enable_',
  'disable_',
];
/** Names of system objects a CTE must not take, whatever scoping says. */
const RESERVED_TABLE_PREFIXES = ['duckdb_', 'pragma_', 'pg_', 'sqlite_', 'information_schema'];

/** Inspects the JSON text `json_serialize_sql` returned for the client's SQL. */
export function inspectSerializedSelect(serialized: string): SqlInspection {
  let root: Json;
  try {
    root = JSON.parse(serialized) as Json;
  } catch {
    return { ok: false, syntax: true, violations: [UNPARSED] };
  }
  if (!isObj(root)) return { ok: false, syntax: true, violations: [UNPARSED] };
  if (root.error === true) {
    const type = String(root.error_type ?? '');
    if (type === 'not implemented') {
      return {
        ok: false,
        syntax: false,
        violations: [
          {
            where: 'sql',
            message: 'only a SELECT statement is allowed',
            hint: 'write one SELECT (or FROM …) query',
            zh: { message: '只允许 SELECT 语句', hint: '请写一条 SELECT（或 FROM …）查询' },
          },
        ],
      };
    }
    const at = root.position === undefined ? undefined : Number(root.position) + 1;
    // DuckDB's own words, quoted after a Chinese sentence saying what they are: its text is not translated.
    const engine = String(root.error_message ?? 'syntax error').slice(0, 300);
    return {
      ok: false,
      syntax: true,
      violations: [
        {
          where: 'sql',
          message: `${engine}${at === undefined ? '' : ` (at character ${at})`}`.slice(0, 300),
          zh: {
            message: `SQL 有语法错误${at === undefined ? '' : `（第 ${at} 个字符处）`}，DuckDB 的原文：${engine}`,
          },
        },
      ],
    };
  }
  const statements = Array.isArray(root.statements) ? root.statements : [];
  if (statements.length !== 1) {
    return {
      ok: false,
      syntax: false,
      violations: [
        {
          where: 'sql',
          message:
            statements.length === 0
              ? 'no statement found'
              : `${statements.length} statements found; exactly one SELECT is allowed`,
          hint: EXTRA_STATEMENTS_HINT.en,
          zh: {
            message: statements.length === 0 ? '没有找到语句' : `发现 ${statements.length} 条语句；只允许一条 SELECT`,
            hint: EXTRA_STATEMENTS_HINT.zh,
          },
        },
      ],
    };
  }
  const v = new Visitor();
  v.walk(statements[0] ?? null, new Set());
  if (v.violations.length) return { ok: false, syntax: false, violations: dedupe(v.violations) };
  const sizes = checkValueSizes(statements[0] ?? null);
  if (sizes.length) return { ok: false, syntax: false, violations: sizes };
  return { ok: true, tables: [...v.tables] };
}

class Visitor {
  readonly tables = new Set<string>();
  readonly violations: SqlViolation[] = [];

  walk(node: Json, scope: ReadonlySet<string>): void {
    if (Array.isArray(node)) {
      for (const n of node) this.walk(n, scope);
      return;
    }
    if (!isObj(node)) return;

    // A query node with CTEs: each CTE body sees the CTEs before it (and itself when recursive);
    // the rest of the node sees all of them.
    const cteMap = isObj(node.cte_map) && Array.isArray(node.cte_map.map) ? node.cte_map.map : [];
    let inner = scope;
    if (cteMap.length) {
      const names = new Set(scope);
      for (const entry of cteMap) {
        if (!isObj(entry)) continue;
        const name = String(entry.key ?? '').toLowerCase();
        if (RESERVED_TABLE_PREFIXES.some((p) => name.startsWith(p))) {
          this.violations.push({
            where: `cte ${name}`,
            message: `"${name}" is a reserved name`,
            hint: 'rename the CTE',
            zh: { message: `"${name}" 是保留名称`, hint: '请给这个 CTE 换个名字' },
          });
        }
        const value = isObj(entry.value) ? entry.value : {};
        const query = isObj(value.query) ? value.query : {};
        const recursive = isObj(query.node) && query.node.type === 'RECURSIVE_CTE_NODE';
        this.walk(value, recursive ? new Set([...names, name]) : names);
        names.add(name);
      }
      inner = names;
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === 'cte_map') continue;
      this.walk(child, inner);
    }

    if (node.type === 'BASE_TABLE') this.table(node, scope);
    else if (node.type === 'SHOW_REF' || node.type === 'COLUMN_DATA' || node.type === 'DELIM_GET') {
      this.violations.push({
        where: 'from',
        message: 'DESCRIBE, SHOW and SUMMARIZE are not supported',
        hint: 'SELECT * FROM "dataset-id" LIMIT 0 shows the columns; GET /v1/datasets/{id} describes them',
        zh: {
          message: '不支持 DESCRIBE、SHOW 和 SUMMARIZE',
          hint: 'SELECT * FROM "dataset-id" LIMIT 0 可以显示各列；GET /v1/datasets/{id} 会说明它们',
        },
      });
    } else if (node.type === 'TABLE_FUNCTION') {
      const fn = isObj(node.function) ? String(node.function.function_name ?? '') : '';
      this.violations.push({
        where: `table function ${fn}`,
        message: `table functions such as ${fn}() are not allowed`,
        hint: 'query the dataset tables by id, e.g. SELECT * FROM "seattle-weather"',
        zh: {
          message: `不允许使用 ${fn}() 这样的表函数`,
          hint: '请按 id 查询数据集表，例如 SELECT * FROM "seattle-weather"',
        },
      });
    } else if (node.class === 'FUNCTION' || node.class === 'WINDOW') this.fn(node);
    else if (node.class === 'PARAMETER') {
      this.violations.push({
        where: 'parameter',
        message: 'query parameters ($1, ?) are not supported',
        hint: 'write the values into the query',
        zh: { message: '不支持查询参数（$1、?）', hint: '请把值直接写进查询' },
      });
    }
  }

  private table(node: Obj, scope: ReadonlySet<string>): void {
    const name = String(node.table_name ?? '').toLowerCase();
    const schema = String(node.schema_name ?? '');
    const catalog = String(node.catalog_name ?? '');
    if (schema || catalog) {
      this.violations.push({
        where: `table ${[catalog, schema, name].filter(Boolean).join('.')}`,
        message: 'qualified table names are not allowed',
        hint: 'name a dataset by its id alone, e.g. "seattle-weather" or "seattle-weather@2"',
        zh: {
          message: '不允许使用带限定前缀的表名',
          hint: '只用 id 指定数据集，例如 "seattle-weather" 或 "seattle-weather@2"',
        },
      });
      return;
    }
    if (/[/\\.:]/.test(name)) {
      // DuckDB reads a quoted file name as a table ('data.csv'); never echo it (it may be a path).
      this.violations.push({
        where: 'from',
        message: 'files cannot be read by name',
        hint: 'name datasets by id, e.g. "seattle-weather"',
        zh: { message: '不能按文件名读取文件', hint: '请按 id 指定数据集，例如 "seattle-weather"' },
      });
      return;
    }
    if (!scope.has(name)) this.tables.add(name);
  }

  private fn(node: Obj): void {
    const name = String(node.function_name ?? '').toLowerCase();
    // SQL syntax becomes `main.` functions (extract(…), substring(… FROM …), [1, 2], {'a': 1}); any other
    // schema is refused, and so is `x.f()`, a method call on column x that the tree shows as schema x.
    const schema = String(node.schema ?? '');
    const qualified = (schema !== '' && schema !== 'main') || String(node.catalog ?? '') !== '';
    if (qualified || FORBIDDEN_FUNCTIONS.has(name) || FORBIDDEN_PREFIXES.some((p) => name.startsWith(p))) {
      this.violations.push({
        where: `function ${name}`,
        message: `the function ${name}() is not allowed`,
        zh: { message: `不允许使用函数 ${name}()` },
      });
    } else if (!isKnownFunction(name)) {
      this.violations.push({
        where: `function ${name}`,
        message: `the function ${name}() is not available in /v1/sql`,
        hint: "use DuckDB's text, number, date, list, JSON and aggregate functions; docs/query.md (POST /v1/sql) says which are left out and why",
        zh: {
          message: `/v1/sql 中不能使用函数 ${name}()`,
          hint: '请使用 DuckDB 的文本、数字、日期、列表、JSON 和聚合函数；docs/query.md（POST /v1/sql）说明了哪些函数被排除以及原因',
        },
      });
    }
  }
}

function dedupe(v: SqlViolation[]): SqlViolation[] {
  const seen = new Set<string>();
  return v.filter((x) => {
    const key = `${x.where}\n${x.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `id` or `id@N` (N a version number or `latest`), as the SQL names a dataset. */
export function parseTableName(name: string): { datasetId: string; version: string } | undefined {
  const m = /^([a-z0-9][a-z0-9-]{0,62})(?:@([1-9][0-9]{0,9}|latest))?$/.exec(name);
  return m ? { datasetId: m[1] as string, version: m[2] ?? 'latest' } : undefined;
}
