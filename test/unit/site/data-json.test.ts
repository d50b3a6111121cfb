import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { dataJson } from '../../../site/src/lib/dcat-us.ts';
import { readSnapshot } from '../../../site/src/lib/read-snapshot.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures');

describe('DCAT-US 1.1 data.json', () => {
  const schema = JSON.parse(readFileSync(join(FIXTURES, 'dcat-us/dcat-us-1.1.schema.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  const validate = ajv.compile(schema);
  const snapshot = readSnapshot(join(FIXTURES, 'catalog-snapshot.json'));
  const doc = dataJson(
    snapshot.datasets,
    { generatedAt: snapshot.generatedAt, apiBaseUrl: snapshot.apiBaseUrl },
    'http://localhost:8787/',
  );

  it('validates against the DCAT-US 1.1 schema', () => {
    const ok = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(doc.dataset).toHaveLength(snapshot.datasets.length);
  });

  it('lists a download for every published format of the latest version', () => {
    const admin = doc.dataset.find((d) => String(d.identifier).includes('/admin-divisions/'))!;
    const dist = admin.distribution as { downloadURL: string; mediaType: string }[];
    expect(dist.map((x) => x.downloadURL)).toContain(
      'http://localhost:8787/v1/datasets/admin-divisions/versions/2/data.parquet',
    );
  });

  it('rejects a dataset without a contact point (the schema is not vacuous)', () => {
    const broken = structuredClone(doc);
    delete (broken.dataset[0] as Record<string, unknown>).contactPoint;
    expect(validate(broken)).toBe(false);
  });
});
