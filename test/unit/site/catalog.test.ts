import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pick } from '../../../functions/core/manifest/localized.ts';
import { facets, newestReleases, schedule, sortByTitle, totals } from '../../../site/src/lib/catalog.ts';
import { localePath, stripLocale, switchLocale } from '../../../site/src/lib/paths.ts';
import { readSnapshot } from '../../../site/src/lib/read-snapshot.ts';

const snapshot = readSnapshot(join(import.meta.dirname, '../../fixtures/catalog-snapshot.json'));
const byId = (id: string) => snapshot.datasets.find((d) => d.entry.id === id)!;

describe('catalogue helpers', () => {
  it('counts facets', () => {
    const f = facets(snapshot.datasets, 'en', { theme: (t) => t, frequency: (x) => x });
    expect(f.format.find((x) => x.value === 'csv')?.count).toBe(snapshot.datasets.length);
    expect(f.theme.find((x) => x.value === 'health')?.count).toBe(2);
    expect(totals(snapshot.datasets).datasets).toBe(snapshot.datasets.length);
  });

  it("names licences by their title in the reader's language, keyed by id", () => {
    const d = snapshot.datasets.find((x) => x.entry.license.title)!;
    const { id, title } = d.entry.license;
    for (const lang of ['en', 'zh-CN'] as const) {
      const f = facets(snapshot.datasets, lang, { theme: (t) => t, frequency: (x) => x });
      const v = f.licence.find((x) => x.value === id);
      expect(v?.label).toBe((title as Record<string, string>)[lang] ?? Object.values(title ?? {})[0]);
      expect(v?.label).not.toBe(id);
    }
  });

  it('lists datasets by title in the page language: Chinese by pinyin, English alphabetically', () => {
    const zh = sortByTitle(snapshot.datasets, 'zh-CN').map((d) => pick(d.entry.title, 'zh-CN'));
    expect(zh).toEqual([...zh].sort(new Intl.Collator('zh').compare));
    expect(zh).not.toEqual([...zh].sort()); // the fixture's titles differ in code point order
    const en = sortByTitle(snapshot.datasets, 'en').map((d) => pick(d.entry.title, 'en'));
    expect(en).toEqual([...en].sort(new Intl.Collator('en').compare));
  });

  it('flags overdue daily data at the snapshot time, not the wall clock', () => {
    expect(schedule(byId('beijing-air-quality'), snapshot.generatedAt).overdue).toBe(true);
    expect(schedule(byId('admin-divisions'), snapshot.generatedAt).overdue).toBe(false);
    expect(schedule(byId('hostile-metadata'), snapshot.generatedAt)).toEqual({ next: null, overdue: false });
  });

  it('lists newest releases without withdrawn versions', () => {
    const r = newestReleases(snapshot.datasets, 50);
    expect(r.some((x) => x.version.state === 'withdrawn')).toBe(false);
  });

  it('maps paths between languages', () => {
    expect(localePath('zh-CN', 'datasets/x/')).toBe('/datasets/x/');
    expect(localePath('en', 'datasets/x/')).toBe('/en/datasets/x/');
    expect(stripLocale('/en/datasets/x/')).toBe('datasets/x/');
    expect(switchLocale('/datasets/x/', 'en')).toBe('/en/datasets/x/');
    expect(switchLocale('/en/', 'zh-CN')).toBe('/');
    expect(switchLocale('/en', 'zh-CN')).toBe('/');
  });
});
