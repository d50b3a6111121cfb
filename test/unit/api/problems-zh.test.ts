import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SearchParams } from '../../../functions/core/catalog/search/search-request.ts';
import { AppError } from '../../../functions/core/errors.ts';
import { bilingual, zhParams } from '../../../functions/core/manifest/schema-zh.ts';
import { issueWhere, safeParseBilingual } from '../../../functions/core/zod-zh.ts';
import { parseBody } from '../../../functions/http/body-schema.ts';
import { toProblem } from '../../../functions/http/problem.ts';
import { searchDatasets } from '../../../functions/usecases/search-datasets.ts';
import { CJK, expectChineseProblem } from '../../support/chinese-text.ts';

/** What zod's own zh-CN locale says for each issue of parsing `input` (what the Chinese must be). */
const zodZh = (schema: z.ZodType, input: unknown) =>
  schema.safeParse(input, { error: z.locales.zhCN().localeError }).error?.issues.map((i) => i.message);

const failed = <T>(r: ReturnType<typeof safeParseBilingual<z.ZodType<T>>>) => {
  if (r.success) throw new Error('expected the parse to fail');
  return r.issues;
};

describe('zod issues in Chinese (safeParseBilingual)', () => {
  it("gives each issue zod's English message and its zh-CN locale's Chinese, issue by issue", () => {
    const input = { sort: 'best', limit: '100000', lang: 'fr', publsher: 'x' };
    const issues = failed(safeParseBilingual(SearchParams, input));
    // Every issue but an unknown member and a size (worded below) as zod words it, in both languages.
    const ours = (code: string) => ['unrecognized_keys', 'too_small', 'too_big'].includes(code);
    const zods = (messages: readonly string[] | undefined) =>
      messages?.filter((_, k) => !ours(SearchParams.safeParse(input).error?.issues[k]?.code ?? ''));
    const own = issues.filter((i) => !ours(i.code));
    expect(own.map((i) => i.message)).toEqual(zods(SearchParams.safeParse(input).error?.issues.map((i) => i.message)));
    expect(own.map((i) => i.zh)).toEqual(zods(zodZh(SearchParams, input)));
    for (const i of issues) expect(i.zh).toMatch(CJK);
    const sort = issues.find((i) => i.path[0] === 'sort');
    expect(sort?.message).toBe('Invalid option: expected one of "relevance"|"updated"|"title"');
    // The options stay as the English names them: a developer types them.
    expect(sort?.zh).toContain('"relevance"|"updated"|"title"');
    expect(issues.find((i) => i.path[0] === 'limit')).toMatchObject({
      message: '`limit` must be at most 100',
      zh: '`limit` 不能大于 100',
    });
  });

  it('says what was received (the locale needs the input, which a finished issue no longer holds)', () => {
    const schema = z.strictObject({ n: z.number() });
    const [issue] = failed(safeParseBilingual(schema, { n: 'seven' }));
    expect(issue?.message).toBe('Invalid input: expected number, received string');
    expect(issue?.zh).toBe(zodZh(schema, { n: 'seven' })?.[0]);
    expect(issue?.zh).toMatch(/string/);
  });

  it('uses the Chinese a schema registers for a message it writes itself, and keeps one without as written', () => {
    const schema = z
      .strictObject({
        page: z.string().regex(/^\d+$/, bilingual('must be a whole number', '必须是整数')),
        kind: z.string().optional(),
        code: z.string().regex(/^[A-Z]+$/, 'upper-case letters only'),
      })
      .superRefine((v, ctx) => {
        if (v.kind === 'rating')
          ctx.addIssue({ code: 'custom', path: ['kind'], message: 'needs stars', ...zhParams('需要星级') });
      });
    const issues = failed(safeParseBilingual(schema, { page: 'two', kind: 'rating', code: 'x' }));
    expect(issues.map((i) => [i.path.join('.'), i.message, i.zh])).toEqual([
      ['page', 'must be a whole number', '必须是整数'],
      ['code', 'upper-case letters only', 'upper-case letters only'],
      ['kind', 'needs stars', '需要星级'],
    ]);
  });

  it('names where an issue is as problem details do, field paths as they are', () => {
    expect(issueWhere('query', { path: ['sort'] })).toBe('query.sort');
    expect(issueWhere('body', { path: ['files', 0, 'name'] })).toBe('body.files.0.name');
    expect(issueWhere('query', { path: [] })).toBe('query');
  });
});

describe('the 400s built from zod issues', () => {
  const refusal = async (run: () => unknown): Promise<AppError> => {
    try {
      await run();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      return e as AppError;
    }
    throw new Error('expected a refusal');
  };

  it('a request body: one 400, each field error with its Chinese', async () => {
    const schema = z.strictObject({ title: z.string().min(5), votes: z.number().int() });
    const e = await refusal(() => parseBody(schema, { title: 'abc', votes: 1.5, extra: true }));
    expect(e.status).toBe(400);
    expectChineseProblem(e);
    expect(e.errors.map((x) => x.where)).toEqual(['body.title', 'body.votes', 'body']);
    expect(e.errors.map((x) => x.zh?.message).slice(0, 2)).toEqual([
      '`title` 至少要有 5 个字符',
      zodZh(schema, { title: 'abc', votes: 1.5, extra: true })?.[1],
    ]);
    expect(e.errors[0]?.message).toBe('`title` must be at least 5 characters long');
    expect(e.errors[2]).toMatchObject({
      message: 'unknown member "extra"; the members are "title", "votes"',
      zh: { message: '不认识的成员“extra”；可用的成员是“title”、“votes”' },
    });
  });

  it('an unknown member: the one meant for a near miss, and the members the object takes, nested ones too', () => {
    const schema = z.strictObject({
      sql: z.string(),
      limit: z.number().optional(),
      items: z.array(z.strictObject({ name: z.string(), value: z.number() })).optional(),
      options: z.strictObject({ timeoutMs: z.number() }).nullable().optional(),
    });
    const [top] = failed(safeParseBilingual(schema, { sql: 'x', limt: 3, foo: 1 }));
    expect(top?.message).toBe(
      'unknown members "limt" (did you mean "limit"?), "foo"; the members are "sql", "limit", "items", "options"',
    );
    expect(top?.zh).toBe(
      '不认识的成员“limt”（是不是要写“limit”？）、“foo”；可用的成员是“sql”、“limit”、“items”、“options”',
    );
    const [item] = failed(safeParseBilingual(schema, { sql: 'x', items: [{ name: 'a', value: 1, vaule: 2 }] }));
    expect(item?.path).toEqual(['items', 0]);
    expect(item?.message).toBe('unknown member "vaule" (did you mean "value"?); the members are "name", "value"');
    const option = failed(safeParseBilingual(schema, { sql: 'x', options: { timeout: 5 } })).find(
      (i) => i.code === 'unrecognized_keys',
    );
    expect(option?.zh).toBe('不认识的成员“timeout”（是不是要写“timeoutMs”？）；可用的成员是“timeoutMs”');
  });

  const search = (params: Record<string, string>) =>
    searchDatasets({ catalog: {} as never, publicBaseUrl: 'http://localhost' }, params);

  it('search parameters: the detail names each parameter and says it in Chinese too', async () => {
    const e = await refusal(() => search({ sort: 'bad', limit: '100000' }));
    expectChineseProblem(e);
    expect(e.detail).toMatch(/^invalid search parameters: query\.sort: Invalid option/);
    expect(e.zh?.detail).toBe(
      `搜索参数无效：query.sort: ${zodZh(SearchParams, { sort: 'bad' })?.[0]}；query.limit: \`limit\` 不能大于 100`,
    );
    expect(e.errors.map((x) => x.where)).toEqual(['query.sort', 'query.limit']);
  });

  it('search parameters: unknown ones are named, and the schema’s own rules have their Chinese', async () => {
    const unknown = await refusal(() => search({ publsher: 'x', thme: 'y' }));
    expectChineseProblem(unknown);
    expect(unknown.errors).toEqual([
      {
        where: 'query.publsher, query.thme',
        message: expect.stringMatching(
          /^unknown parameters publsher \(did you mean publisher\?\), thme \(did you mean theme\?\); the parameters are q, .*\btheme\b/,
        ),
        zh: {
          message: expect.stringMatching(
            /^不认识的参数 publsher（是不是要写 publisher？）、thme（是不是要写 theme？）；可用的参数是 q、.*\btheme\b/,
          ),
        },
      },
    ]);
    const both = await refusal(() => search({ page: '2', limit: '10' }));
    expect(both.errors).toEqual([
      {
        where: 'query',
        message: 'use page/per_page or limit/offset, not both',
        zh: { message: '请用 page/per_page 或 limit/offset，不要同时使用' },
      },
    ]);
    const word = await refusal(() => search({ offset: 'ten' }));
    expect(word.errors[0]?.zh?.message).toBe('必须是整数');
  });
});

describe('the internal error', () => {
  it('says in Chinese too that it was logged, and nothing about internals', () => {
    const body = JSON.parse(String(toProblem(new Error('secret table name'), '/v1/x').body));
    expect(body.status).toBe(500);
    expect(body.zh.detail).toMatch(CJK);
    expect(JSON.stringify(body)).not.toContain('secret');
  });
});
