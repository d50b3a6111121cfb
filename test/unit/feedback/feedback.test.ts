import { describe, expect, it } from 'vitest';
import { changeStatus, type DataRequest } from '../../../functions/core/feedback/data-request.ts';
import { FeedbackInput, publicView, summarize } from '../../../functions/core/feedback/feedback.ts';
import { addReply } from '../../../functions/core/feedback/moderation.ts';
import { cleanText } from '../../../functions/core/feedback/sanitize.ts';
import { isSitePath } from '../../../functions/core/site/site-path.ts';
import { backToPage } from '../../../functions/http/form-body.ts';

describe('cleanText', () => {
  it.each([
    ['<script>alert(1)</script>hi', 'alert(1)hi'],
    ['<img src=x onerror=alert(1)>ok', 'ok'],
    ['a <!-- hidden --> b', 'a b'],
    ['1 < 2 and 3 > 2', '1 2 and 3 2'],
    ['tab\tand  spaces\n\n\n\nlines', 'tab and spaces\n\nlines'],
    ['zero\u200bwidth\u202eRTL', 'zerowidthRTL'],
    ['  数据很好  ', '数据很好'],
  ])('%j → %j', (input, out) => {
    expect(cleanText(input)).toBe(out);
  });
});

describe('FeedbackInput', () => {
  it('requires stars for a rating, text for comments, a type for problems', () => {
    expect(FeedbackInput.safeParse({ kind: 'rating' }).success).toBe(false);
    expect(FeedbackInput.safeParse({ kind: 'rating', rating: '5' }).success).toBe(true);
    expect(FeedbackInput.safeParse({ kind: 'comment', text: '<b></b>' }).success).toBe(false);
    expect(FeedbackInput.safeParse({ kind: 'problem', text: 'broken link' }).success).toBe(false);
    expect(
      FeedbackInput.safeParse({ kind: 'problem', text: 'broken link', problemType: 'broken-download' }).success,
    ).toBe(true);
    expect(FeedbackInput.safeParse({ kind: 'comment', text: 'x'.repeat(2001) }).success).toBe(false);
    expect(FeedbackInput.safeParse({ kind: 'comment', text: 'fine', ip: '1.2.3.4' }).success).toBe(false);
  });

  it('counts a Chinese character as 2 toward a comment’s minimum: 很好 is enough, 好 and "ok" are not', () => {
    const refusal = (kind: 'comment' | 'problem', text: string) => {
      const r = FeedbackInput.safeParse({ kind, text, ...(kind === 'problem' ? { problemType: 'wrong-data' } : {}) });
      return r.success ? null : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(refusal('comment', '很好')).toBeNull();
    expect(refusal('problem', '错误')).toBeNull();
    expect(refusal('comment', 'ok!')).toBeNull();
    const short = ['text: at least 3 characters (a Chinese, Japanese or Korean character counts as 2)'];
    expect(refusal('comment', '好')).toEqual(short);
    expect(refusal('comment', 'ok')).toEqual(short);
    // Markup and surrounding whitespace do not count: the minimum applies to the text as stored.
    expect(refusal('problem', '  <b>好</b> ')).toEqual(short);
    // A rating's text has no minimum.
    expect(FeedbackInput.safeParse({ kind: 'rating', rating: 4, text: '好' }).success).toBe(true);
  });

  it('does not mutate the input', () => {
    const input = { kind: 'comment', text: '<b>bold</b> text' };
    const copy = structuredClone(input);
    FeedbackInput.parse(input);
    expect(input).toEqual(copy);
  });
});

describe('replies and summaries', () => {
  const base = {
    id: 'x#1',
    datasetId: 'x',
    department: 'd',
    kind: 'problem' as const,
    problemType: 'wrong-data' as const,
    text: 'wrong',
    createdAt: '2026-01-01T00:00:00.000Z',
    moderation: 'pending' as const,
    status: 'open' as const,
    replies: [],
  };
  it('a reply approves, records the first response time and may resolve', () => {
    const r = addReply(
      base,
      { text: 'Fixed <i>now</i>', resolve: true },
      { id: 'bob', department: 'd' },
      '2026-01-02T00:00:00.000Z',
    );
    expect(r).toMatchObject({
      moderation: 'approved',
      status: 'resolved',
      firstResponseAt: '2026-01-02T00:00:00.000Z',
    });
    expect(r.replies[0]?.text).toBe('Fixed now');
    // Stored with the party only: the person who replied is in the audit ledger, never in the item.
    expect(r.replies[0]).toEqual({ text: 'Fixed now', department: 'd', at: '2026-01-02T00:00:00.000Z' });
    expect(() => addReply(base, { text: '' }, { id: 'bob', department: 'd' }, '2026-01-02T00:00:00.000Z')).toThrow();
  });
  it('the public view of replies stored before names no person, and the platform for an admin', () => {
    const stored = {
      ...base,
      moderation: 'approved' as const,
      replies: [
        { text: 'Fixed', by: 'bob', department: 'd', at: '2026-01-02T00:00:00.000Z' },
        { text: 'Checked', by: 'root', department: 'admin', at: '2026-01-03T00:00:00.000Z' },
      ],
    };
    expect(publicView(stored).replies).toEqual([
      { text: 'Fixed', department: 'd', at: '2026-01-02T00:00:00.000Z' },
      { text: 'Checked', department: 'platform', at: '2026-01-03T00:00:00.000Z' },
    ]);
  });
  it('summaries skip rejected ratings', () => {
    const s = summarize([
      { ...base, kind: 'rating', rating: 5, moderation: 'approved' },
      { ...base, kind: 'rating', rating: 1, moderation: 'rejected' },
      base,
    ]);
    expect(s).toEqual({ ratingCount: 1, ratingAverage: 5, openProblems: 1 });
  });
});

describe('data request status', () => {
  const r: DataRequest = {
    id: 'r1',
    title: 't',
    description: 'd',
    status: 'open',
    votes: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    history: [],
  };
  it('needs a link to publish and a reason to decline', () => {
    expect(() => changeStatus(r, { status: 'published' }, 'bob', r.createdAt)).toThrow(/link/);
    expect(() => changeStatus(r, { status: 'published', link: 'javascript:alert(1)' }, 'bob', r.createdAt)).toThrow();
    expect(changeStatus(r, { status: 'published', link: 'https://x.example/d' }, 'bob', r.createdAt).link).toBe(
      'https://x.example/d',
    );
    expect(() => changeStatus(r, { status: 'declined', reason: 'no' }, 'bob', r.createdAt)).toThrow(/reason/);
    expect(changeStatus(r, { status: 'planned' }, 'bob', r.createdAt).history).toHaveLength(1);
  });

  it('takes as a site path only what stays on the site (the form returnTo rule): not //host nor /\\host', () => {
    const link = (l: string) => changeStatus(r, { status: 'published', link: l }, 'bob', r.createdAt).link;
    for (const ok of ['/datasets/seattle-weather/', '/en/requests/#r-1', '/', '/a//b']) expect(link(ok), ok).toBe(ok);
    for (const offSite of ['//evil.example', '//evil.example/x', '/\\evil.example', '/\\/evil.example', '/a\\b', '/ x'])
      expect(() => link(offSite), offSite).toThrow(/link/);
    // One rule for both: the feedback form's returnTo falls back on the same paths.
    for (const offSite of ['//evil.example', '/\\evil.example']) {
      const back = backToPage(offSite, '/requests/', 'request');
      expect(back.headers?.location, offSite).toBe('/requests/?sent=request');
    }
    expect(isSitePath('/datasets/x/')).toBe(true);
    expect(isSitePath('https://x.example/')).toBe(false);
  });
});
