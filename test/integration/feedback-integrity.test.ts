import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitFeedback } from '../../functions/usecases/feedback.ts';
import { readLedger, verifyLedger } from '../../functions/usecases/release/audit-ledger.ts';
import { call, DATASET, DEPARTMENT, startCommunityPlatform } from './feedback-support.ts';

let p: Awaited<ReturnType<typeof startCommunityPlatform>>;
beforeAll(async () => {
  p = await startCommunityPlatform();
});
afterAll(async () => p?.cleanup());

const feedbackUrl = `/v1/datasets/${DATASET}/feedback`;
type Entry = { actor: string; action: string; subject: string; details: Record<string, unknown> };
const ledger = async () => (await readLedger(p.deps)) as Entry[];

describe('ratings: one per client and dataset', () => {
  it('a new rating from the same client replaces the old one, in summaries and scorecards', async () => {
    for (let i = 0; i < 6; i++) {
      expect((await call(p.url, feedbackUrl, { body: { kind: 'rating', rating: 1 } })).status).toBe(201);
    }
    expect((await call(p.url, feedbackUrl, { body: { kind: 'rating', rating: 3 } })).status).toBe(201);
    let summary = (await call(p.url, feedbackUrl)).body.summary;
    expect(summary).toMatchObject({ ratingCount: 1, ratingAverage: 3 });

    // Another client counts on its own; the same rule holds for it.
    await submitFeedback(p.deps, DATASET, { kind: 'rating', rating: 5 }, { sourceIp: '198.51.100.7' });
    await submitFeedback(p.deps, DATASET, { kind: 'rating', rating: 4 }, { sourceIp: '198.51.100.7' });
    summary = (await call(p.url, feedbackUrl)).body.summary;
    expect(summary).toMatchObject({ ratingCount: 2, ratingAverage: 3.5 });

    const card = await call(p.url, `/v1/scorecards/${DEPARTMENT}`);
    const score = card.body.datasets.find((d: { id: string }) => d.id === DATASET);
    expect(score).toMatchObject({ ratingCount: 2, ratingAverage: 3.5 });
  });
});

describe('personal data in public text', () => {
  it('refuses a data request with an e-mail address or a phone number (422, field and kind, no value)', async () => {
    const email = await call(p.url, '/v1/requests', {
      body: { title: 'Noise complaints per district', description: 'My email is reporter@example.org, thanks.' },
    });
    expect(email.status).toBe(422);
    expect(email.headers.get('content-type')).toContain('application/problem+json');
    expect(email.body.errors).toEqual([
      expect.objectContaining({ where: 'body.description', message: 'looks like an e-mail address' }),
    ]);
    expect(email.body.hint).toMatch(/remove it/);
    expect(email.text).not.toContain('reporter@example.org');

    const phone = await call(p.url, '/v1/requests', {
      body: { title: '公交线路准点率 电话 13912345678', description: '每条线路每月的准点率，CSV 格式。' },
    });
    expect(phone.status).toBe(422);
    expect(phone.body.errors[0]).toMatchObject({ where: 'body.title', message: 'looks like a mobile number' });
    expect(phone.text).not.toContain('13912345678');

    const list = await call(p.url, '/v1/requests');
    expect(list.text).not.toContain('reporter@example.org');
    expect(list.text).not.toContain('13912345678');
  });

  it('refuses contact details in comments and replies, but takes them in a privacy concern', async () => {
    const comment = await call(p.url, feedbackUrl, {
      body: { kind: 'comment', text: 'Call me on 13912345678 about the station data' },
    });
    expect(comment.status).toBe(422);
    expect(comment.body.errors[0]).toMatchObject({ where: 'body.text', message: 'looks like a mobile number' });
    const concern = await call(p.url, feedbackUrl, {
      body: { kind: 'problem', problemType: 'privacy-concern', text: 'Row 12 shows a phone number 13912345678' },
    });
    expect(concern.status).toBe(201);
    const ok = await call(p.url, feedbackUrl, { body: { kind: 'comment', text: 'Useful data, thanks!' } });
    const reply = await call(p.url, `/v1/feedback/${encodeURIComponent(ok.body.id)}/replies`, {
      token: 'bob',
      body: { text: 'Write to li.ming@example.org for the raw files' },
    });
    expect(reply.status).toBe(422);
    expect(reply.text).not.toContain('li.ming@example.org');
  });

  it('refuses a published link carrying personal data, percent-encoded or not, before it reaches the ledger', async () => {
    const r = await call(p.url, '/v1/requests', {
      body: { title: 'Flood warnings per county', description: 'Every flood warning issued, with its area.' },
    });
    const path = `/v1/requests/${r.body.id}/status`;
    const publish = (link: string) =>
      call(p.url, path, { method: 'PUT', token: 'admin', body: { status: 'published', link } });
    const plain = await publish('https://x.gov.cn/a?phone=13812345678&id=110101199003074514');
    expect(plain.status).toBe(422);
    expect(plain.body.errors).toEqual([
      expect.objectContaining({
        where: 'body.link',
        message: 'looks like a resident identity card number and a mobile number',
      }),
    ]);
    expect(plain.body.personalData).toEqual([{ field: 'link', kinds: ['resident-id', 'mobile-cn'] }]);
    expect(plain.text).not.toContain('13812345678');
    // %31%33%38… is 138… once the browser opens the link; double encoding (%2540 is @) too.
    const encoded = await publish('https://x.gov.cn/a?phone=%31%33%38%31%32%33%34%35%36%37%38&mail=li%2540example.org');
    expect(encoded.status).toBe(422);
    expect(encoded.body.personalData).toEqual([{ field: 'link', kinds: ['mobile-cn', 'email'] }]);

    expect((await call(p.url, `/v1/requests/${r.body.id}`)).body).toMatchObject({ status: 'open' });
    const logged = JSON.stringify(await ledger());
    expect(logged).not.toContain('13812345678');
    expect(logged).not.toContain('%31%33%38');
    // An ordinary link is published as given.
    const ok = await publish('https://data.example.gov.cn/datasets/flood-warnings/?format=csv&year=2024');
    expect(ok.status).toBe(200);
    expect(ok.body.link).toBe('https://data.example.gov.cn/datasets/flood-warnings/?format=csv&year=2024');
  });
});

describe('departments of data requests', () => {
  it('refuses an unregistered department with the closest id', async () => {
    const r = await call(p.url, '/v1/requests', {
      body: {
        title: 'Rainfall per hour',
        description: 'Hourly rainfall of every station.',
        department: 'demo-meteorolgy',
      },
    });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].where).toBe('body.department');
    expect(r.body.closest).toBe(DEPARTMENT);
    const none = await call(p.url, '/v1/requests', {
      body: {
        title: 'Rainfall per hour',
        description: 'Hourly rainfall of every station.',
        department: 'no-such-dept',
      },
    });
    expect(none.status).toBe(400);
    expect(none.body.departments).toContain(DEPARTMENT);
    const open = await call(p.url, '/v1/requests', {
      body: { title: 'Rainfall per hour', description: 'Hourly rainfall of every station.' },
    });
    const takeOver = await call(p.url, `/v1/requests/${open.body.id}/status`, {
      method: 'PUT',
      token: 'admin',
      body: { status: 'planned', department: 'no-such-dept' },
    });
    expect(takeOver.status).toBe(400);
  });
});

describe('audit ledger', () => {
  it('records moderation, replies and request status changes without personal data', async () => {
    const c = await call(p.url, feedbackUrl, { body: { kind: 'comment', text: 'Secret-ish wording that stays out' } });
    const fid = encodeURIComponent(c.body.id);
    expect(
      (await call(p.url, `/v1/feedback/${fid}/moderation`, { token: 'bob', body: { action: 'approve' } })).status,
    ).toBe(200);
    // A retried approval answers 409 and logs nothing twice.
    expect(
      (await call(p.url, `/v1/feedback/${fid}/moderation`, { token: 'bob', body: { action: 'approve' } })).status,
    ).toBe(409);
    expect(
      (await call(p.url, `/v1/feedback/${fid}/replies`, { token: 'bob', body: { text: 'Thanks, noted.' } })).status,
    ).toBe(201);

    const r = await call(p.url, '/v1/requests', {
      body: { title: 'Tide gauges', description: 'Hourly sea level of every gauge.' },
    });
    const path = `/v1/requests/${r.body.id}/status`;
    await call(p.url, path, { method: 'PUT', token: 'bob', body: { status: 'planned', department: DEPARTMENT } });
    await call(p.url, path, {
      method: 'PUT',
      token: 'bob',
      body: { status: 'published', link: '/datasets/seattle-weather/' },
    });

    const entries = await ledger();
    const of = (subject: string) => entries.filter((e) => e.subject === subject);
    expect(of(`feedback/${c.body.id}`).map((e) => [e.actor, e.action, e.details.decision])).toEqual([
      ['bob', 'feedback.moderated', 'approved'],
      ['bob', 'feedback.replied', null],
    ]);
    // The same members whatever applies (the public export shows member names): null when not.
    for (const e of of(`feedback/${c.body.id}`)) {
      expect(Object.keys(e.details).sort()).toEqual(
        e.action === 'feedback.replied'
          ? ['by', 'dataset', 'decision', 'department', 'kind', 'problemType', 'reply', 'status']
          : ['dataset', 'decision', 'department', 'kind', 'problemType'],
      );
    }
    expect(of(`datarequest/${r.body.id}`).map((e) => [e.action, e.details.from, e.details.to])).toEqual([
      ['request.status-changed', 'open', 'planned'],
      ['request.status-changed', 'planned', 'published'],
    ]);
    expect(of(`datarequest/${r.body.id}`)[0]?.details).toMatchObject({ department: DEPARTMENT, tookOver: true });
    expect(of(`datarequest/${r.body.id}`)[1]?.details).toMatchObject({ link: '/datasets/seattle-weather/' });
    const text = JSON.stringify(entries);
    expect(text).not.toContain('Secret-ish');
    expect(text).not.toContain('Thanks, noted');
    expect(text).not.toContain('Tide gauges');
    expect((await verifyLedger(p.deps)).valid).toBe(true);
  });
});

describe('public counts', () => {
  it('a privacy concern is not an open problem in the public summary, but stays in the moderation queue', async () => {
    const before = (await call(p.url, feedbackUrl)).body.summary.openProblems;
    const concern = await submitFeedback(
      p.deps,
      DATASET,
      { kind: 'problem', problemType: 'privacy-concern', text: 'Names visible in column 3' },
      { sourceIp: '198.51.100.8' },
    );
    expect((await call(p.url, feedbackUrl)).body.summary.openProblems).toBe(before);
    const queue = await call(p.url, `/v1/feedback?department=${DEPARTMENT}`, { token: 'bob' });
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(concern.feedback.id);
  });
});
