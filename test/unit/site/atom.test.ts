import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { atomFeed } from '../../../site/src/lib/atom.ts';
import { clipText } from '../../../site/src/lib/clip-text.ts';
import { readSnapshot } from '../../../site/src/lib/read-snapshot.ts';
import type { Language, SnapshotDataset } from '../../../site/src/lib/types.ts';

const snapshot = readSnapshot(join(import.meta.dirname, '../../fixtures/catalog-snapshot.json'));
const meta = { generatedAt: snapshot.generatedAt, apiBaseUrl: snapshot.apiBaseUrl };

function dataset(id: string): SnapshotDataset {
  const d = snapshot.datasets.find((x) => x.entry.id === id);
  if (!d) throw new Error(`no ${id} in the fixture`);
  return d;
}

/** The summary of each entry, by the `#v<n>` its link ends with. */
function summaries(d: SnapshotDataset, lang: Language): Map<string, string> {
  const xml = atomFeed({
    datasets: [d],
    meta,
    siteUrl: 'https://data.example/',
    selfPath: '/feed.xml',
    title: 't',
    lang,
  });
  const out = new Map<string, string>();
  for (const [, body] of xml.matchAll(/<entry>([\s\S]*?)<\/entry>/g)) {
    const v = /#(v\d+)"/.exec(body ?? '')?.[1] ?? '';
    out.set(v, /<summary>([\s\S]*?)<\/summary>/.exec(body ?? '')?.[1] ?? '');
  }
  return out;
}

describe('Atom feed entries', () => {
  it('describe their own version (rows, label, date, changes), never the dataset’s current description', () => {
    const d = dataset('admin-divisions');
    const zh = summaries(d, 'zh-CN');
    // The current description speaks of version 2 ("第 2 版起区划代码改为文本类型"): it must not be v1's summary.
    expect(zh.get('v1')).not.toContain('区划代码改为文本类型');
    expect(zh.get('v1')).not.toContain('省级行政区划');
    expect(zh.get('v1')).toContain('2026-01');
    expect(zh.get('v1')).toContain('2026年1月15日');
    expect(zh.get('v1')).toContain('31');
    expect(zh.get('v2')).toContain('2026-10');
    expect(zh.get('v2')).toContain('level');
    expect(zh.get('v2')).toContain('code');
    expect(zh.get('v2')).toContain('不兼容变更');
    const en = summaries(d, 'en');
    expect(en.get('v1')).toMatch(/^Version 1 — 2026-01 · Published 15 January 2026 · 31 rows\./);
    expect(en.get('v2')).toContain('fields added: level');
  });

  it('give each version its own row count', () => {
    const d = dataset('beijing-air-quality');
    const en = summaries(d, 'en');
    expect(en.get('v1')).toContain('10 rows');
    expect(en.get('v3')).toContain('20 rows');
    expect(en.get('v3')).toContain('rows added: 5');
    expect(en.get('v2')).toMatch(/^Withdrawn/);
    expect(en.get('v2')).toContain('15 rows');
  });

  it('cut a long summary at a sentence or word boundary, with an ellipsis', () => {
    const d = dataset('admin-divisions');
    const note = 'The division code is now text, so that leading zeros are kept. '.repeat(10);
    const long: SnapshotDataset = {
      ...d,
      versions: d.versions.map((v) => (v.diff ? { ...v, diff: { ...v.diff, breakingNote: note } } : v)),
    };
    const s = summaries(long, 'en').get('v2') ?? '';
    expect(s.length).toBeLessThanOrEqual(300);
    expect(s).toMatch(/\.…$/);
  });
});

describe('clipText', () => {
  it('leaves short text alone', () => {
    expect(clipText('Short. Text.', 300, 'en')).toBe('Short. Text.');
  });

  it('cuts after the last whole sentence that fits', () => {
    expect(clipText('One two three. Four five six seven eight nine ten.', 30, 'en')).toBe('One two three.…');
  });

  it('cuts at a word boundary when no sentence fits in half the limit', () => {
    const out = clipText('Alpha beta gamma delta epsilon zeta eta theta iota kappa.', 30, 'en');
    expect(out).toBe('Alpha beta gamma delta…');
    expect(out.length).toBeLessThanOrEqual(30);
  });

  it('cuts Chinese at a sentence end (。) or a word, never inside a word', () => {
    expect(clipText('数据每月更新一次。覆盖全国三十一个省级行政区划，包括自治区和直辖市。', 16, 'zh-CN')).toBe(
      '数据每月更新一次。…',
    );
    const words = clipText('覆盖全国三十一个省级行政区划包括自治区和直辖市以及特别行政区', 12, 'zh-CN');
    expect(words.endsWith('…')).toBe(true);
    expect(words.length).toBeLessThanOrEqual(12);
    expect(words).not.toMatch(/自…$|直…$|行…$/);
  });
});
