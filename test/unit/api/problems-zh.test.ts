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
  it('words a wrong value with the value received and the one meant, in both languages', () => {
    const issues = failed(
      safeParseBilingual(SearchParams, { sort: 'best', limit: '100000', lang: 'fr', publsher: 'x' }),
    );
    for (const i of issues) expect(i.zh).toMatch(CJK);
    expect(issues.filter((i) => i.code === 'invalid_value').map((i) => [i.path[0], i.message, i.zh])).toEqual([
      [
        'sort',
        'the text "best" is not one of: relevance, updated, title',
        '文本“best”不在允许的取值中：relevance、updated、title',
      ],
      ['lang', 'the text "fr" is not one of: zh-CN, en', '文本“fr”不在允许的取值中：zh-CN、en'],
    ]);
    expect(issues.find((i) => i.path[0] === 'limit')).toMatchObject({
      message: '`limit` must be at most 100',
      zh: '`limit` 不能大于 100',
    });
    // A near miss names the value meant; zod said 'Invalid option: expected one of "relevance"|…'.
    const [near] = failed(safeParseBilingual(SearchParams, { sort: 'titel' }));
    expect(near?.message).toBe('the text "titel" is not one of: relevance, updated, title (did you mean `title`?)');
    expect(near?.zh).toBe('文本“titel”不在允许的取值中：relevance、updated、title（是否应为 `title`？）');
  });

  it('says what was expected and what was received; a missing member is required', () => {
    const schema = z.strictObject({ n: z.number(), k: z.number().int(), s: z.string() });
    const issues = failed(safeParseBilingual(schema, { n: 'seven', k: 1.5 }));
    expect(issues.map((i) => [i.path.join('.'), i.message, i.zh])).toEqual([
      ['n', 'expected a number, got the text "seven"', '应为数字，实际是文本“seven”'],
      ['k', 'expected a whole number, got the number 1.5 (not whole)', '应为整数，实际是数字 1.5（不是整数）'],
      ['s', '`s` is required', '缺少必填项 `s`'],
    ]);
    // A missing member with a misspelling of it beside: the misspelling is named.
    const body = z.strictObject({ description: z.string() });
    const [missing] = failed(safeParseBilingual(body, { descripton: 'x' }));
    expect(missing?.message).toBe(
      '`description` is required (`descripton` looks like a misspelling of `description`: rename it)',
    );
    expect(missing?.zh).toBe(
      '缺少必填项 `description`（`descripton` 像是 `description` 的拼写错误：请改为 `description`）',
    );
  });

  it("keeps zod's English and its zh-CN locale's Chinese where we do not word an issue ourselves", () => {
    const schema = z.strictObject({ mail: z.email(), n: z.number().multipleOf(5) });
    const input = { mail: 'nope', n: 7 };
    const issues = failed(safeParseBilingual(schema, input));
    expect(issues.map((i) => i.message)).toEqual(schema.safeParse(input).error?.issues.map((i) => i.message));
    expect(issues.map((i) => i.zh)).toEqual(zodZh(schema, input));
    for (const i of issues) expect(i.zh).toMatch(CJK);
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
      '应为整数，实际是数字 1.5（不是整数）',
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
    expect(e.detail).toMatch(/^invalid search parameters: query\.sort: the text "bad" is not one of: relevance/);
    expect(e.zh?.detail).toBe(
      '搜索参数无效：query.sort: 文本“bad”不在允许的取值中：relevance、updated、title；query.limit: `limit` 不能大于 100',
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
