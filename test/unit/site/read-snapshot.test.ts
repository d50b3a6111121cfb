import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSnapshot, SnapshotError, snapshotPathFromEnv } from '../../../site/src/lib/read-snapshot.ts';

const FIXTURE = join(import.meta.dirname, '../../fixtures/catalog-snapshot.json');

describe('readSnapshot', () => {
  it('accepts the fixture (valid against the shared CatalogSnapshot schema)', () => {
    const s = readSnapshot(FIXTURE);
    expect(s.datasets.length).toBeGreaterThanOrEqual(5);
  });

  it('names the file and the bad field when the snapshot is invalid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'snap-'));
    const bad = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    bad.datasets[0].entry.updateFrequency = 'hourly';
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify(bad));
    const err = (() => {
      try {
        readSnapshot(path);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(SnapshotError);
    expect((err as SnapshotError).message).toContain(path);
    expect((err as SnapshotError).message).toContain('datasets.0.entry.updateFrequency');
    expect((err as SnapshotError).hint).toBeTruthy();
  });

  it('names the file when it is not JSON or missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'snap-'));
    const path = join(dir, 'x.json');
    writeFileSync(path, '{"generatedAt":');
    expect(() => readSnapshot(path)).toThrow(path);
    expect(() => readSnapshot(join(dir, 'missing.json'))).toThrow('missing.json');
  });

  it('explains how to set OPENDATA_CATALOG when it is unset', () => {
    expect(() => snapshotPathFromEnv({})).toThrow(/OPENDATA_CATALOG/);
  });
});
