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
    const entry = { ...sampleEntry('ds'), title: { en: 'A <b> & C' } };
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
});
