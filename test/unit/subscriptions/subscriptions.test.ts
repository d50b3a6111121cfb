import { describe, expect, it } from 'vitest';
import { eventsFeed } from '../../../functions/core/subscriptions/atom.ts';
import { eventsOf } from '../../../functions/core/subscriptions/events.ts';
import { sign, verify } from '../../../functions/core/subscriptions/signature.ts';
import { DEFAULT_RETRY, retryDelayMs, WebhookInput } from '../../../functions/core/subscriptions/webhook.ts';
import { sampleEntry, sampleVersion } from '../../support/catalog-samples.ts';

describe('signatures', () => {
  const body = '{"event":"version.published"}';
  it('verifies its own signature and rejects tampering, other secrets and stale timestamps', () => {
    const h = sign('s3cret', body, 1_800_000_000);
    expect(h).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verify('s3cret', body, h, 1_800_000_100)).toBe(true);
    expect(verify('s3cret', `${body} `, h, 1_800_000_100)).toBe(false);
    expect(verify('other', body, h, 1_800_000_100)).toBe(false);
    expect(verify('s3cret', body, h, 1_800_000_000 + 301)).toBe(false);
    expect(verify('s3cret', body, undefined, 1_800_000_000)).toBe(false);
    expect(verify('s3cret', body, 't=1,v1=zz', 1)).toBe(false);
  });
});

describe('retry policy', () => {
  it('doubles from the base and caps', () => {
    const p = { ...DEFAULT_RETRY, baseMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, p))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
  it('takes a URL; the target rules are tested in webhook-target.test.ts', () => {
    expect(WebhookInput.safeParse({ url: 'https://x.example/h' }).success).toBe(true);
    expect(WebhookInput.safeParse({ url: 'not a url' }).success).toBe(false);
  });
});

describe('catalogue events and feeds', () => {
  it('derives published, breaking and withdrawn events and escapes the feed', () => {
    const entry = { ...sampleEntry('ds'), title: { en: 'A <b> & C' }, latestVersion: 2 };
    const v1 = {
      ...sampleVersion('ds', 1),
      state: 'withdrawn' as const,
      publishedAt: '2026-01-01T00:00:00Z',
      withdrawn: { reason: 'oops', at: '2026-02-01T00:00:00Z', by: 'admin' },
    };
    const v2 = {
      ...sampleVersion('ds', 2),
      state: 'published' as const,
      publishedAt: '2026-03-01T00:00:00Z',
      breaking: true,
    };
    const events = eventsOf(entry, [v1, v2]);
    expect(events.map((e) => e.type)).toEqual(['version.breaking', 'version.withdrawn', 'version.published']);
    const xml = eventsFeed(events, {
      selfUrl: 'http://x/feed',
      alternateUrl: 'http://x/',
      title: 'T',
      linkOf: () => 'http://x/d/',
      fallbackUpdated: '2026-01-01T00:00:00Z',
    });
    expect(xml).toContain('A &lt;b&gt; &amp; C');
    expect(xml).not.toContain('<b>');
    expect((xml.match(/<entry>/g) ?? []).length).toBe(3);
  });

  it('says of a withdrawn version only what the catalogue shows: no breaking-change note, the public reason', () => {
    const entry = { ...sampleEntry('ds'), title: { en: 'Readings' }, latestVersion: 1 };
    const diff = {
      fromVersion: 1,
      fieldsAdded: [],
      fieldsRemoved: ['value'],
      fieldsRetyped: [],
      primaryKeyChanged: false,
      rowsAdded: 0,
      rowsRemoved: 0,
      rowsChanged: 0,
      sampleKeys: { added: [], removed: [], changed: [] },
      breaking: true,
      breakingNote: 'removed after a complaint by resident Wang Xiaoming',
    };
    const v1 = { ...sampleVersion('ds', 1), state: 'published' as const, publishedAt: '2026-01-01T00:00:00Z' };
    const v2 = {
      ...sampleVersion('ds', 2),
      state: 'published' as const,
      publishedAt: '2026-02-01T00:00:00Z',
      breaking: true,
      diff,
    };
    // Published, the note is the news.
    expect(eventsOf(entry, [v1, v2]).find((e) => e.version === 2)?.note).toBe(diff.breakingNote);
    const withdrawn = {
      ...v2,
      state: 'withdrawn' as const,
      withdrawn: { reason: 'the note named a resident', at: '2026-03-01T00:00:00Z', by: 'bob' },
    };
    // Withdrawn, whether from every version or only the changed record (a webhook sweep's view).
    for (const versions of [[v1, withdrawn], [withdrawn]]) {
      const events = eventsOf(entry, versions);
      expect(JSON.stringify(events)).not.toContain('Wang');
      expect(events.filter((e) => e.version === 2).map((e) => [e.type, e.note, e.title])).toEqual([
        ['version.withdrawn', 'the note named a resident', { en: 'Readings' }],
        ['version.breaking', undefined, { en: 'Readings' }],
      ]);
    }
    // Every version withdrawn: the entry still holds the last one's words, which the events leave out.
    const gone = eventsOf({ ...entry, latestVersion: null }, [
      { ...v1, state: 'withdrawn' as const, withdrawn: withdrawn.withdrawn },
      withdrawn,
    ]);
    expect(gone.every((e) => Object.keys(e.title).length === 0)).toBe(true);
    expect(JSON.stringify(gone)).not.toContain('Readings');
  });
});
