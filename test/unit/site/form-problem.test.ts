import { describe, expect, it } from 'vitest';
import { explainProblem, problemFromQuery } from '../../../site/src/scripts/form-problem.ts';

const feedbackFields = new Map([
  ['kind', {}],
  ['rating', {}],
  ['problemType', {}],
  ['text', { min: 3, max: 2000 }],
]);
const invalid = (errors: Array<{ where: string; message: string; zh?: { message: string } }>) => ({
  type: '/problems/bad-request',
  detail: 'the request body is not valid',
  errors,
});

describe('explainProblem', () => {
  it('maps the API’s field paths and messages to the field, in the page language', () => {
    const zh = explainProblem(
      invalid([
        { where: 'body.text', message: 'write at least 3 characters' },
        { where: 'body.problemType', message: 'choose one of wrong-data, broken-download, privacy-concern' },
      ]),
      400,
      'zh-CN',
      feedbackFields,
    );
    expect(Object.fromEntries(zh.fields)).toEqual({
      text: '请至少输入 3 个字符。',
      problemType: '问题报告请选择问题类型。',
    });
    expect(zh.summary).toBe('提交未成功，请修改标出的内容。');
    const en = explainProblem(
      invalid([{ where: 'body.text', message: 'at most 2000 characters' }]),
      400,
      'en',
      feedbackFields,
    );
    expect(en.fields.get('text')).toBe('At most 2000 characters.');
  });

  it('keeps the API’s message for what it does not know', () => {
    const r = explainProblem(
      invalid([
        { where: 'body.kind', message: 'Invalid option' },
        { where: 'body.version', message: 'Invalid input: expected number' },
      ]),
      400,
      'en',
      feedbackFields,
    );
    expect(r.fields.get('kind')).toBe('Choose what it is: a rating, a comment or a problem report.');
    expect(r.summary).toContain('body.version: Invalid input: expected number');
    expect(explainProblem({ detail: 'a new refusal' }, 400, 'en', feedbackFields).summary).toBe(
      'Not sent: a new refusal',
    );
  });

  it('shows what it does not know in the API’s Chinese on a Chinese page (zh), in English on an English one', () => {
    const problem = {
      ...invalid([
        {
          where: 'body.version',
          message: 'Invalid input: expected number, received string',
          zh: { message: '无效输入：期望 数字，实际接收 string' },
        },
      ]),
      zh: { detail: '请求体不符合要求' },
    };
    expect(explainProblem(problem, 400, 'zh-CN', feedbackFields).summary).toBe(
      '提交未成功：请求体不符合要求 body.version: 无效输入：期望 数字，实际接收 string',
    );
    expect(explainProblem(problem, 400, 'en', feedbackFields).summary).toBe(
      'Not sent: the request body is not valid body.version: Invalid input: expected number, received string',
    );
    const field = {
      detail: 'the request body is not valid',
      errors: [{ where: 'body.text', message: 'looks odd', zh: { message: '看起来不对' } }],
    };
    expect(explainProblem(field, 400, 'zh-CN', feedbackFields).fields.get('text')).toBe('看起来不对');
    expect(explainProblem({ detail: 'a new refusal' }, 400, 'zh-CN', feedbackFields).summary).toBe(
      '提交未成功：a new refusal',
    );
  });

  it('explains refusals without field errors from the status', () => {
    expect(explainProblem({ type: '/problems/rate-limited' }, 429, 'zh-CN', feedbackFields).summary).toBe(
      '提交过于频繁，请一小时后再试。',
    );
    expect(explainProblem({}, 0, 'en', feedbackFields).summary).toMatch(/could not be reached/);
    expect(explainProblem({}, 502, 'zh-CN', feedbackFields).summary).toMatch(/服务器出错/);
  });

  it('reads a plain post sent back with ?error=…&field=…, using the field’s own limits', () => {
    const back = problemFromQuery('?error=bad-request&field=text&field=rating');
    expect(back?.status).toBe(400);
    const r = explainProblem(back?.problem ?? {}, back?.status ?? 0, 'zh-CN', feedbackFields);
    expect(Object.fromEntries(r.fields)).toEqual({ text: '请至少输入 3 个字符。', rating: '评分请选择 1 到 5 星。' });
    expect(problemFromQuery('?sent=feedback')).toBeNull();
  });

  it('explains a personal-data refusal (422) by the kinds found, in the page language, with what to do', () => {
    const requestFields = new Map([
      ['title', { min: 5, max: 200 }],
      ['description', { min: 10, max: 4000 }],
    ]);
    // As functions/core/feedback/personal-data.ts answers it: English message and hint, kinds per field.
    const refusal = {
      type: '/problems/unprocessable',
      detail:
        'this text is published as written and seems to contain personal data: body.description looks like a mobile number',
      hint: 'remove it and send again: a request is public as soon as it is sent, and there is no private contact field',
      errors: [{ where: 'body.description', message: 'looks like a mobile number' }],
      personalData: [{ field: 'description', kinds: ['mobile-cn'] }],
    };
    const zh = explainProblem(refusal, 422, 'zh-CN', requestFields, {
      personalDataHint: '需求提交后会公开显示，请删除个人信息后再提交。',
    });
    expect(Object.fromEntries(zh.fields)).toEqual({
      description: '内容中似乎包含手机号码。需求提交后会公开显示，请删除个人信息后再提交。',
    });
    expect(zh.summary).toBe('提交未成功：内容中似乎包含个人信息，请删除后再提交。');
    // Without a hint of the form's own: a generic one in Chinese; the API's own on English pages.
    expect(explainProblem(refusal, 422, 'zh-CN', requestFields).fields.get('description')).toBe(
      '内容中似乎包含手机号码。内容会公开显示，请删除个人信息后再提交。',
    );
    expect(explainProblem(refusal, 422, 'en', requestFields).fields.get('description')).toBe(
      'This seems to contain a mobile number. Remove it and send again: a request is public as soon as it is sent, and there is no private contact field.',
    );
    const two = explainProblem(
      { ...refusal, personalData: [{ field: 'description', kinds: ['resident-id', 'email', 'ipv4', 'ipv6'] }] },
      422,
      'zh-CN',
      requestFields,
      { personalDataHint: '请删除。' },
    );
    expect(two.fields.get('description')).toBe('内容中似乎包含身份证号码、电子邮箱地址和IP 地址。请删除。');
  });

  it('explains a plain post refused for personal data (?error=unprocessable) without claiming a length problem', () => {
    const back = problemFromQuery('?error=unprocessable&field=description');
    expect(back?.status).toBe(422);
    const r = explainProblem(back?.problem ?? {}, back?.status ?? 0, 'zh-CN', new Map([['description', { min: 10 }]]));
    expect(r.fields.get('description')).toMatch(/^内容中似乎包含个人信息/);
    expect(r.fields.get('description')).not.toMatch(/字符/);
  });

  it('says why nothing was answered when the browser can tell: blocked by its security policy, or offline', () => {
    const blocked = explainProblem({}, 0, 'en', feedbackFields, { noAnswer: 'blocked' }).summary;
    expect(blocked).toMatch(/security policy blocked it/);
    expect(blocked).not.toMatch(/could not be reached/);
    expect(explainProblem({}, 0, 'zh-CN', feedbackFields, { noAnswer: 'blocked' }).summary).toMatch(/安全策略/);
    expect(explainProblem({}, 0, 'en', feedbackFields, { noAnswer: 'offline' }).summary).toMatch(/offline/);
  });
});

describe('explainProblem: a minimum that counts a Chinese character as 2 (review finding 8)', () => {
  const requestFields = new Map([
    ['title', { min: 3, max: 200, minWeighted: 5 }],
    ['description', { min: 5, max: 4000, minWeighted: 10 }],
  ]);
  const message = (n: number) => `at least ${n} characters (a Chinese, Japanese or Korean character counts as 2)`;

  it('says both counts, in the page language, from the API’s message', () => {
    const problem = invalid([
      { where: 'body.title', message: message(5) },
      { where: 'body.description', message: message(10) },
    ]);
    expect(Object.fromEntries(explainProblem(problem, 400, 'zh-CN', requestFields).fields)).toEqual({
      title: '请至少输入 3 个汉字或 5 个字母。',
      description: '请至少输入 5 个汉字或 10 个字母。',
    });
    expect(explainProblem(problem, 400, 'en', requestFields).fields.get('title')).toBe(
      'Please write at least 5 letters, or 3 Chinese characters.',
    );
  });

  it('says both counts for a plain post sent back, from the field’s own rule, not its minlength', () => {
    const back = problemFromQuery('?error=bad-request&field=title');
    const r = explainProblem(back?.problem ?? {}, back?.status ?? 0, 'zh-CN', requestFields);
    expect(r.fields.get('title')).toBe('请至少输入 3 个汉字或 5 个字母。');
  });

  it('speaks of data requests as 需求 and addresses the visitor as 您', () => {
    const voted = explainProblem(
      { type: '/problems/conflict', detail: 'a vote for this request was already counted from your network address' },
      409,
      'zh-CN',
      new Map(),
    );
    expect(voted.summary).toBe(
      '这条需求已计入来自您所在网络地址的一票：每个网络地址计一票，同一单位、校园或移动网络出口的用户共用这一票。',
    );
    expect(explainProblem({ detail: 'voting is closed' }, 409, 'zh-CN', new Map()).summary).toBe(
      '这条需求已停止投票。',
    );
    expect(explainProblem({}, 404, 'zh-CN', new Map()).summary).toBe('提交未成功：找不到该数据集或需求。');
  });
});
