import { describe, expect, it } from 'vitest';
import { explainProblem, problemFromQuery } from '../../../site/src/scripts/form-problem.ts';

const feedbackFields = new Map([
  ['kind', {}],
  ['rating', {}],
  ['problemType', {}],
  ['text', { min: 3, max: 2000 }],
]);
const invalid = (errors: Array<{ where: string; message: string }>) => ({
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
});
