import { describe, expect, it } from 'vitest';
import { buildEntry } from '../../../functions/core/catalog/build-entry.ts';
import type { DatasetEntry } from '../../../functions/core/catalog/schema.ts';
import { manifestOf } from '../../fixtures/gate/harness.ts';
import { sampleEntry, sampleVersion } from '../../support/catalog-samples.ts';

const manifest = manifestOf([{ name: 'code', type: 'string' }], { id: 'd' });
const registry = { publishers: [{ id: 'demo-stats', name: { en: 'Stats' }, email: 'a@b.example' }], licenses: [] };
const published = (version: number, at: string) => ({
  ...sampleVersion('d', version),
  state: 'published' as const,
  publishedAt: at,
});
// The entry is refreshed after the commit, so `now` is a later clock read than the version's publishedAt.
const LATER = '2026-11-22T19:57:59.879Z';

describe("a catalogue entry's createdAt and updatedAt", () => {
  it('a first version: both are its publication, not the later clock read of the refresh', () => {
    const e = buildEntry(manifest, registry, published(1, '2026-11-22T19:57:59.865Z'), undefined, LATER);
    expect([e.createdAt, e.updatedAt]).toEqual(['2026-11-22T19:57:59.865Z', '2026-11-22T19:57:59.865Z']);
  });

  it('a later version keeps createdAt and moves updatedAt', () => {
    const previous: DatasetEntry = { ...sampleEntry('d'), createdAt: '2026-01-01T00:00:00.000Z' };
    const e = buildEntry(manifest, registry, published(2, '2026-11-01T00:00:00.000Z'), previous, LATER);
    expect([e.createdAt, e.updatedAt]).toEqual(['2026-01-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z']);
  });

  it('never has createdAt after updatedAt: an entry stored that way is mended on its next refresh', () => {
    const stored: DatasetEntry = { ...sampleEntry('d'), createdAt: '2026-11-22T19:57:59.879Z' };
    const e = buildEntry(manifest, registry, published(1, '2026-11-22T19:57:59.865Z'), stored, LATER);
    expect(e.createdAt).toBe('2026-11-22T19:57:59.865Z');
    // The same instant written without milliseconds is not "later".
    const same = buildEntry(
      manifest,
      registry,
      published(1, '2026-01-01T00:00:00.000Z'),
      { ...stored, createdAt: '2026-01-01T00:00:00Z' },
      LATER,
    );
    expect(same.createdAt).toBe('2026-01-01T00:00:00Z');
  });
});
