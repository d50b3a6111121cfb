import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Quad } from '@rdfjs/types';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { beforeAll, describe, expect, it } from 'vitest';
import { dcatJsonLd, dcatTurtle } from '../../../site/src/lib/dcat.ts';
import { readSnapshot } from '../../../site/src/lib/read-snapshot.ts';
import type { CatalogSnapshot } from '../../../site/src/lib/types.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const SITE = 'http://localhost:8787/';

const noNetwork = async (url: string): Promise<never> => {
  throw new Error(`JSON-LD tried to load ${url}: contexts must be inline`);
};

async function validate(quads: Quad[]) {
  const shapes = new Parser({ format: 'text/turtle' }).parse(
    readFileSync(join(FIXTURES, 'shacl/dcat-ap-3-shapes.ttl'), 'utf8'),
  );
  const validator = new SHACLValidator(shapes as never);
  const data = validator.factory.dataset(quads as never);
  const report = await validator.validate(data);
  return {
    conforms: report.conforms,
    problems: report.results.map(
      (r) => `${r.focusNode?.value} ${r.path?.value}: ${r.message.map((m) => m.value).join('; ')}`,
    ),
  };
}

const jsonLdQuads = async (doc: unknown): Promise<Quad[]> =>
  new Parser({ format: 'N-Quads' }).parse(
    await jsonld.toRDF(doc, { format: 'application/n-quads', documentLoader: noNetwork }),
  );

describe('DCAT-AP 3 output', () => {
  let snapshot: CatalogSnapshot;
  const meta = () => ({ generatedAt: snapshot.generatedAt, apiBaseUrl: snapshot.apiBaseUrl });
  beforeAll(() => {
    snapshot = readSnapshot(join(FIXTURES, 'catalog-snapshot.json'));
  });

  it('JSON-LD conforms to the DCAT-AP 3 shapes', async () => {
    const quads = await jsonLdQuads(dcatJsonLd(snapshot.datasets, meta(), SITE));
    const r = await validate(quads);
    expect(r.problems).toEqual([]);
    expect(r.conforms).toBe(true);
    const datasets = quads.filter(
      (q) => q.predicate.value.endsWith('#type') && q.object.value === 'http://www.w3.org/ns/dcat#Dataset',
    );
    // One per dataset, plus one per published version (dcat:hasVersion).
    const versions = snapshot.datasets.reduce(
      (n, d) => n + d.versions.filter((v) => v.state === 'published').length,
      0,
    );
    expect(datasets).toHaveLength(snapshot.datasets.length + versions);
    const listed = quads.filter((q) => q.predicate.value === 'http://www.w3.org/ns/dcat#dataset');
    expect(listed).toHaveLength(snapshot.datasets.length);
  });

  it('Turtle conforms and says the same as the JSON-LD', async () => {
    const ttl = new Parser({ format: 'text/turtle' }).parse(dcatTurtle(snapshot.datasets, meta(), SITE));
    const r = await validate(ttl);
    expect(r.problems).toEqual([]);
    const fromJson = await jsonLdQuads(dcatJsonLd(snapshot.datasets, meta(), SITE));
    // Blank node labels differ between serialisations; compare triples with IRIs/literals only.
    const ground = (qs: Quad[]) =>
      new Set(
        qs
          .filter((q) => q.subject.termType !== 'BlankNode' && q.object.termType !== 'BlankNode')
          .map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`),
      );
    expect(ground(ttl)).toEqual(ground(fromJson));
    expect(ttl.length).toBe(fromJson.length);
  });

  it('every distribution carries a sha256 checksum and byte size', async () => {
    const quads = await jsonLdQuads(dcatJsonLd(snapshot.datasets, meta(), SITE));
    const sums = quads.filter((q) => q.predicate.value === 'http://spdx.org/rdf/terms#checksumValue');
    const dists = quads.filter((q) => q.object.value === 'http://www.w3.org/ns/dcat#Distribution');
    expect(sums.length).toBe(dists.length);
    expect(sums.every((q) => /^[0-9a-f]{64}$/.test(q.object.value))).toBe(true);
  });

  it('has a versioned dataset with distributions for every published version, none for withdrawn ones', async () => {
    const quads = await jsonLdQuads(dcatJsonLd(snapshot.datasets, meta(), SITE));
    const DCAT = 'http://www.w3.org/ns/dcat#';
    const objects = (s: string, p: string) =>
      quads.filter((q) => q.subject.value === s && q.predicate.value === DCAT + p).map((q) => q.object.value);
    let withdrawn = 0;
    for (const d of snapshot.datasets) {
      const landing = `${SITE}datasets/${encodeURIComponent(d.entry.id)}/`;
      const versions = objects(`${landing}#dataset`, 'hasVersion');
      const published = d.versions.filter((v) => v.state === 'published');
      expect(versions.sort(), d.entry.id).toEqual(published.map((v) => `${landing}#dataset-v${v.version}`).sort());
      for (const v of published) {
        const node = `${landing}#dataset-v${v.version}`;
        expect(objects(node, 'version')).toEqual([String(v.version)]);
        const files = v.artifacts.filter((a) => a.format !== 'meta');
        expect(objects(node, 'distribution').sort()).toEqual(
          files.map((a) => `${landing}#v${v.version}-${a.format}`).sort(),
        );
      }
      for (const v of d.versions.filter((x) => x.state === 'withdrawn')) {
        withdrawn++;
        expect(quads.some((q) => q.subject.value.startsWith(`${landing}#v${v.version}-`))).toBe(false);
        expect(quads.some((q) => q.subject.value === `${landing}#dataset-v${v.version}`)).toBe(false);
      }
      if (d.entry.latestVersion) {
        expect(objects(`${landing}#dataset`, 'hasCurrentVersion')).toEqual([
          `${landing}#dataset-v${d.entry.latestVersion}`,
        ]);
        expect(
          objects(`${landing}#dataset`, 'distribution').every((x) => x.includes(`#v${d.entry.latestVersion}-`)),
        ).toBe(true);
      }
    }
    expect(withdrawn).toBeGreaterThan(0);
    expect(snapshot.datasets.some((d) => d.versions.filter((v) => v.state === 'published').length > 1)).toBe(true);
  });

  it('the shapes catch a dataset without a title (the check is not vacuous)', async () => {
    const broken = structuredClone(snapshot.datasets);
    broken[0]!.entry.title = {};
    const r = await validate(await jsonLdQuads(dcatJsonLd(broken, meta(), SITE)));
    expect(r.conforms).toBe(false);
    expect(r.problems.join('\n')).toContain('http://purl.org/dc/terms/title');
  });
});
