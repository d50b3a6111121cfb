import { describe, expect, it } from 'vitest';
import { toSqlProblem } from '../../../functions/adapters/duckdb/sql-error.ts';
import { type AppError, isAppError } from '../../../functions/core/errors.ts';
import { queryError } from '../../../functions/core/query/query-error.ts';
import { joinZh } from '../../../functions/core/zh-spacing.ts';
import { expectChineseQueryProblem } from '../../support/query-problem-zh.ts';
import { appErrorOf } from './app-error-of.ts';
import { duck } from './compile.ts';

/**
 * The Query API's 400s in simplified Chinese (the problem's `zh` and each error's): the same
 * parameter, column names, values and character positions as the English, SoQL keywords as written.
 */

const refusal = (params: Record<string, string>): AppError => {
  const e = appErrorOf(() => duck(params));
  expect(e.status).toBe(400);
  expectChineseQueryProblem(e);
  return e;
};

describe('query errors in Chinese', () => {
  it('puts the parameter first in the detail, and the Chinese on the problem and on its error', () => {
    const e = queryError(
      '$where',
      { message: 'what is wrong', hint: 'what to do' },
      { message: '哪里不对', hint: '怎么改' },
    );
    expect(e.toJSON()).toMatchObject({
      detail: '$where: what is wrong',
      hint: 'what to do',
      zh: { detail: '$where：哪里不对', hint: '怎么改' },
      errors: [
        { where: '$where', message: 'what is wrong', hint: 'what to do', zh: { message: '哪里不对', hint: '怎么改' } },
      ],
    });
  });

  it('an unknown column: its name, its position, and the column meant', () => {
    const e = refusal({ $where: 'area > 1 AND populaton > 1000' });
    expect(e.detail).toBe('$where: unknown column `populaton` at character 14');
    expect(e.zh).toEqual({
      detail: '$where：未知的列 `populaton`（第 14 个字符处）',
      hint: '是不是要写 `population`？可用的列：id、name、district、population、area、open、opened_on、updated_at、year、名称。',
    });
    expect(e.errors[0]?.zh).toEqual({
      message: '未知的列 `populaton`（第 14 个字符处）',
      hint: expect.stringMatching(/^是不是要写 `population`？/),
    });
  });

  it('a bare word compared with text: the value quoted, or the column meant', () => {
    const e = refusal({ $where: 'district = nam' });
    expect(e.zh?.hint).toBe(
      "列 `district` 是文本：文本值要加引号，例如 'nam'（不加引号的词是列名）。或者，是不是要写列 `name`？",
    );
  });

  it('a type mismatch: both sides with their types, in words and as codes', () => {
    expect(refusal({ $where: 'opened_on > 42' }).zh).toEqual({
      detail: "$where：'>'：列 `opened_on` 是日期（date），42 是整数（integer），类型不同，无法比较",
      hint: "请比较相同类型的值；日期和时间要写成加引号的文本，例如 '2024-01-31'。",
    });
    expect(refusal({ $select: 'sum(name)' }).zh).toEqual({
      detail: '$select：sum() 需要整数（integer）或数值（number），但列 `name` 是文本（string）',
      hint: '请选择整数（integer）或数值（number）类型的列：id、population、area、year。',
    });
    expect(refusal({ population: 'many' }).zh?.detail).toBe(
      "population：列 `population` 是整数（integer），而 'many' 不是整数",
    );
  });

  it('an unterminated string, and other characters, at their position', () => {
    expect(refusal({ $where: "name = 'O''Brien" }).zh).toEqual({
      detail: '$where：从第 8 个字符开始的文本没有结束引号',
      hint: "请用 ' 结束它。",
    });
    expect(refusal({ $where: "name = 'x'; DROP TABLE data" }).zh).toEqual({
      detail: "$where：第 11 个字符处有意外的字符 ';'",
      hint: '一个参数只写一个表达式，不需要分隔符。',
    });
    expect(refusal({ $where: 'id IN (1, 2' }).zh?.detail).toBe("$where：应为 ')'，以结束 IN 列表（在末尾）");
  });

  it('limits and paging: the numbers and the parameters as written', () => {
    expect(refusal({ $limit: '50001' }).zh).toEqual({
      detail: '$limit：不能大于 50000',
      hint: '更大的结果请用 `next` 链接分页获取。',
    });
    expect(refusal({ $where: `name = '${'x'.repeat(4000)}'` }).zh).toEqual({
      detail: '$where：超过 4000 个字符',
      hint: '较长的查询请放在 POST 请求的 JSON 请求体中发送（每个参数最多 64000 个字符）',
    });
    expect(refusal({ $select: 'district, count(*)' }).zh?.detail).toBe(
      '$select：列 `district` 必须出现在 $group 中，或放在聚合函数之内',
    );
  });

  it('the check itself refuses Chinese that drops a name or a number of the English', () => {
    const e = refusal({ $where: 'populaton > 1' });
    const dropped = { ...e.toJSON(), detail: e.detail, zh: { detail: '$where：未知的列', hint: e.zh?.hint } };
    expect(() => expectChineseQueryProblem(dropped as never)).toThrow();
  });
});

describe('joinZh', () => {
  it('spaces Chinese from code and Latin text, never beside Chinese punctuation', () => {
    expect(joinZh('但', '列 `name`', '是', '文本（string）')).toBe('但列 `name` 是文本（string）');
    expect(joinZh('但', "'abc'", '是', '表达式', '，而', "'x' 不是整数")).toBe("但 'abc' 是表达式，而 'x' 不是整数");
    expect(joinZh('DuckDB 报告', 'SQL 解析错误', '（Parser error）')).toBe('DuckDB 报告 SQL 解析错误（Parser error）');
  });
});

describe('DuckDB errors of POST /v1/sql in Chinese', () => {
  it('say what kind of error it is, and quote the engine’s text as it wrote it', () => {
    const p = toSqlProblem(new Error('Parser Error: syntax error at or near "SELEC"\n\nLINE 1: SELEC 1\n        ^'));
    expect(isAppError(p)).toBe(true);
    const e = p as AppError;
    expect(e.detail).toBe('Parser error: syntax error at or near "SELEC"\nLINE 1: SELEC 1\n        ^');
    expect(e.zh).toEqual({
      detail:
        'DuckDB 报告 SQL 解析错误（Parser error），原文：syntax error at or near "SELEC"\nLINE 1: SELEC 1\n        ^',
      hint: '请检查 SQL 语法（DuckDB 方言）',
    });
    expect(e.errors[0]?.zh?.message).toBe('SQL 解析错误，DuckDB 的原文：syntax error at or near "SELEC"');
    expectChineseQueryProblem(e);
    const binder = toSqlProblem(new Error('Binder Error: Referenced column "nope" not found in FROM clause!'));
    expect((binder as AppError).zh?.detail).toBe(
      'DuckDB 报告名称或类型错误（Binder error），原文：Referenced column "nope" not found in FROM clause!',
    );
  });
});
