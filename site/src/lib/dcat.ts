import { LANGUAGES } from '../../../functions/core/manifest/localized.ts';
import { THEMES } from '../../../functions/core/manifest/vocabulary.ts';
import { FREQUENCY_EU, latestVersion } from './catalog.ts';
import { licenceOf } from './licence-link.ts';
import { markdownToText, safeUrl } from './markdown.ts';
import { absolute, artifactUrl, datasetPath, publisherPath } from './paths.ts';
import { dateLiteral, iri, type Literal, lit, type RdfNode, type Term, toJsonLd, toTurtle, typed } from './rdf.ts';
import type { CatalogMeta, SnapshotDataset } from './types.ts';

/**
 * The catalogue as DCAT-AP 3: one dcat:Catalog, a dcat:Dataset per dataset, and per published version
 * a versioned dcat:Dataset (dcat:hasVersion / dcat:version) with a dcat:Distribution per file (with
 * spdx:checksum sha256 and byte size); withdrawn versions have none. Nodes that
 * DCAT-AP ranges over a class (publisher, contact point, themes, frequency, licence, media type)
 * are typed so that the SHACL class constraints can be checked on the graph alone.
 */

const EU = 'http://publications.europa.eu/resource/authority/';
const FILE_TYPE: Record<string, string> = { csv: 'CSV', parquet: 'PARQUET', ndjson: 'JSON', json: 'JSON' };

function localized(text: { 'zh-CN'?: string; en?: string }, transform: (s: string) => string = (s) => s): Literal[] {
  return LANGUAGES.filter((l) => text[l]).map((l) => lit(transform(text[l]!), l));
}

function agent(siteUrl: string, p: SnapshotDataset['entry']['publisher']): RdfNode {
  const props: RdfNode['props'] = localized(p.name).map((t) => ['foaf:name', t]);
  props.push(['foaf:mbox', iri(`mailto:${encodeURI(p.email)}`)]);
  const home = p.url ? safeUrl(p.url) : null;
  if (home) props.push(['foaf:homepage', { id: home, types: ['foaf:Document'], props: [] }]);
  return {
    id: `${absolute(siteUrl, publisherPath('zh-CN', p.id))}#agent`,
    types: ['foaf:Agent', 'foaf:Organization'],
    props,
  };
}

function licenceNode(l: SnapshotDataset['entry']['license']): RdfNode {
  // A source's page is not the licence document: the licence is then a node of its own, named, not located.
  return {
    id: licenceOf(l) ?? `_:licence-${encodeURIComponent(l.id)}`,
    types: ['dct:LicenseDocument'],
    props: [['dct:identifier', lit(l.id)], ...localized(l.title).map((t): [string, Term] => ['dct:title', t])],
  };
}

export function datasetNode(d: SnapshotDataset, meta: CatalogMeta, siteUrl: string): RdfNode {
  const e = d.entry;
  const landing = absolute(siteUrl, datasetPath('zh-CN', e.id));
  const props: RdfNode['props'] = [
    ...localized(e.title).map((t): [string, Term] => ['dct:title', t]),
    ...localized(e.description, markdownToText).map((t): [string, Term] => ['dct:description', t]),
    ['dct:identifier', lit(e.id)],
    ['dct:publisher', agent(siteUrl, e.publisher)],
    [
      'dcat:contactPoint',
      {
        id: `_:contact-${e.id}`,
        types: ['vcard:Kind', 'vcard:Organization'],
        props: [
          ['vcard:fn', lit(e.contact.name)],
          ['vcard:hasEmail', iri(`mailto:${encodeURI(e.contact.email)}`)],
        ],
      },
    ],
    ['dcat:landingPage', { id: landing, types: ['foaf:Document'], props: [] }],
    ['dct:issued', dateLiteral(e.createdAt)],
    ['dct:modified', dateLiteral(e.updatedAt)],
    [
      'dct:accrualPeriodicity',
      { id: `${EU}frequency/${FREQUENCY_EU[e.updateFrequency]}`, types: ['dct:Frequency'], props: [] },
    ],
    ...e.keywords.map((k): [string, Term] => ['dcat:keyword', lit(k)]),
    ...e.themes.map((t): [string, Term] => [
      'dcat:theme',
      {
        id: `${EU}data-theme/${THEMES[t].eu}`,
        types: ['skos:Concept'],
        props: [
          ['skos:prefLabel', lit(THEMES[t].en, 'en')],
          ['skos:prefLabel', lit(THEMES[t]['zh-CN'], 'zh-CN')],
          ['skos:inScheme', iri(`${EU}data-theme`)],
        ],
      },
    ]),
  ];
  if (e.temporal) {
    const t: RdfNode['props'] = [['dcat:startDate', dateLiteral(e.temporal.start)]];
    if (e.temporal.end) t.push(['dcat:endDate', dateLiteral(e.temporal.end)]);
    props.push(['dct:temporal', { id: `_:temporal-${e.id}`, types: ['dct:PeriodOfTime'], props: t }]);
  }
  if (e.spatial) {
    const s: RdfNode['props'] = localized(e.spatial.description).map((t): [string, Term] => ['skos:prefLabel', t]);
    if (e.spatial.bbox) {
      const [w, so, ea, n] = e.spatial.bbox;
      s.push([
        'dcat:bbox',
        typed(
          `POLYGON((${w} ${so}, ${ea} ${so}, ${ea} ${n}, ${w} ${n}, ${w} ${so}))`,
          'http://www.opengis.net/ont/geosparql#wktLiteral',
        ),
      ]);
    }
    props.push(['dct:spatial', { id: `_:spatial-${e.id}`, types: ['dct:Location'], props: s }]);
  }
  // Every published version is a dcat:Dataset of its own (DCAT 3 versioning: dcat:hasVersion,
  // dcat:isVersionOf, dcat:previousVersion, dcat:version, adms:versionNotes) with the distributions of
  // its files. The dataset itself points at the current one (dcat:hasCurrentVersion) and carries the
  // current version's distributions, for harvesters that do not follow versions. Withdrawn (and
  // pending) versions have no distribution and are not listed.
  const licence = licenceNode(e.license);
  const published = d.versions.filter((v) => v.state === 'published').sort((a, b) => a.version - b.version);
  const versionId = (n: number) => `${landing}#dataset-v${n}`;
  const current = latestVersion(d);
  published.forEach((v, i) => {
    const dists = distributions(d, v, meta, landing, licence);
    const vprops: RdfNode['props'] = [
      ...localized(e.title).map((t): [string, Term] => ['dct:title', lit(`${t.literal} (v${v.version})`, t.lang)]),
      ...localized(e.description, markdownToText).map((t): [string, Term] => ['dct:description', t]),
      ['dct:identifier', lit(`${e.id}@${v.version}`)],
      ['dcat:version', lit(String(v.version))],
      ['dcat:isVersionOf', iri(`${landing}#dataset`)],
      ['dcat:landingPage', { id: `${landing}#v${v.version}`, types: ['foaf:Document'], props: [] }],
    ];
    if (v.publishedAt) vprops.push(['dct:issued', dateLiteral(v.publishedAt)]);
    const notes = versionNotes(v);
    if (notes) vprops.push(['adms:versionNotes', lit(notes, 'en')]);
    const prev = published[i - 1];
    if (prev) vprops.push(['dcat:previousVersion', iri(versionId(prev.version))]);
    for (const dist of dists) vprops.push(['dcat:distribution', dist]);
    props.push(['dcat:hasVersion', { id: versionId(v.version), types: ['dcat:Dataset'], props: vprops }]);
    if (current && v.version === current.version) {
      props.push(['dcat:hasCurrentVersion', iri(versionId(v.version))]);
      for (const dist of dists) props.push(['dcat:distribution', dist]);
    }
  });
  return { id: `${landing}#dataset`, types: ['dcat:Dataset'], props };
}

const PREFIX_SPDX = 'http://spdx.org/rdf/terms#';

type Version = SnapshotDataset['versions'][number];

/** A dcat:Distribution per file (not the metadata file) of a published version. */
function distributions(
  d: SnapshotDataset,
  v: Version,
  meta: CatalogMeta,
  landing: string,
  licence: RdfNode,
): RdfNode[] {
  const e = d.entry;
  return v.artifacts
    .filter((x) => x.format !== 'meta')
    .map((a) => {
      const url = artifactUrl(meta.apiBaseUrl, e.id, v.version, a.name);
      const props: RdfNode['props'] = [
        ['dct:title', lit(`${a.name} (v${v.version})`)],
        ['dcat:accessURL', iri(url)],
        ['dcat:downloadURL', iri(url)],
        [
          'dcat:mediaType',
          { id: `https://www.iana.org/assignments/media-types/${a.mediaType}`, types: ['dct:MediaType'], props: [] },
        ],
        ['dct:format', { id: `${EU}file-type/${FILE_TYPE[a.format]}`, types: ['dct:MediaTypeOrExtent'], props: [] }],
        ['dcat:byteSize', typed(String(a.bytes), 'xsd:nonNegativeInteger')],
        [
          'spdx:checksum',
          {
            id: `_:sum-${e.id}-${v.version}-${a.format}`,
            types: ['spdx:Checksum'],
            props: [
              [
                'spdx:algorithm',
                { id: `${PREFIX_SPDX}checksumAlgorithm_sha256`, types: ['spdx:ChecksumAlgorithm'], props: [] },
              ],
              ['spdx:checksumValue', typed(a.sha256, 'xsd:hexBinary')],
            ],
          },
        ],
        ['dct:license', licence],
      ];
      if (v.publishedAt) props.push(['dct:issued', dateLiteral(v.publishedAt)]);
      return { id: `${landing}#v${v.version}-${a.format}`, types: ['dcat:Distribution'], props };
    });
}

/** A one-line summary of what changed in a version (adms:versionNotes). */
function versionNotes(v: Version): string | null {
  const parts: string[] = [];
  if (v.label) parts.push(v.label);
  const diff = v.diff;
  if (diff) {
    if (diff.fieldsAdded.length) parts.push(`fields added: ${diff.fieldsAdded.join(', ')}`);
    if (diff.fieldsRemoved.length) parts.push(`fields removed: ${diff.fieldsRemoved.join(', ')}`);
    if (diff.fieldsRetyped.length)
      parts.push(`fields retyped: ${diff.fieldsRetyped.map((f) => `${f.name} (${f.from} → ${f.to})`).join(', ')}`);
    if (diff.rowsAdded !== null) parts.push(`rows added: ${diff.rowsAdded}`);
    if (diff.rowsRemoved !== null) parts.push(`rows removed: ${diff.rowsRemoved}`);
    if (diff.rowsChanged !== null) parts.push(`rows changed: ${diff.rowsChanged}`);
    if (diff.breaking) parts.push(`breaking change${diff.breakingNote ? `: ${diff.breakingNote}` : ''}`);
  }
  return parts.length ? parts.join('; ') : null;
}

export function catalogGraph(datasets: readonly SnapshotDataset[], meta: CatalogMeta, siteUrl: string): RdfNode {
  const root = absolute(siteUrl, '/');
  return {
    id: `${root}#catalog`,
    types: ['dcat:Catalog'],
    props: [
      ['dct:title', lit('开放数据目录', 'zh-CN')],
      ['dct:title', lit('Open Data Catalogue', 'en')],
      ['dct:description', lit('政府部门发布的开放数据集目录。', 'zh-CN')],
      ['dct:description', lit('Catalogue of open datasets published by government departments.', 'en')],
      [
        'dct:publisher',
        {
          id: `${root}#publisher`,
          types: ['foaf:Agent', 'foaf:Organization'],
          props: [
            ['foaf:name', lit('开放数据平台', 'zh-CN')],
            ['foaf:name', lit('Open Data Platform', 'en')],
          ],
        },
      ],
      ['foaf:homepage', { id: root, types: ['foaf:Document'], props: [] }],
      ['dct:modified', dateLiteral(meta.generatedAt)],
      ...datasets.map((d): [string, Term] => ['dcat:dataset', datasetNode(d, meta, siteUrl)]),
    ],
  };
}

export const dcatTurtle = (ds: readonly SnapshotDataset[], meta: CatalogMeta, siteUrl: string) =>
  toTurtle([catalogGraph(ds, meta, siteUrl)]);
export const dcatJsonLd = (ds: readonly SnapshotDataset[], meta: CatalogMeta, siteUrl: string) =>
  toJsonLd([catalogGraph(ds, meta, siteUrl)]);
