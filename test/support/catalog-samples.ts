import type { DatasetEntry, VersionRecord } from '../../functions/core/catalog/schema.ts';

export function sampleEntry(id: string): DatasetEntry {
  return {
    id,
    title: { en: `Dataset ${id}`, 'zh-CN': `数据集 ${id}` },
    description: { en: 'A sample.' },
    publisher: { id: 'stats', name: { en: 'Statistics Bureau' }, email: 'data@stats.example' },
    contact: { name: 'Open data office', email: 'data@stats.example' },
    keywords: ['sample'],
    themes: ['economy'],
    license: {
      id: 'CC-BY-4.0',
      title: { en: 'CC BY 4.0' },
      url: 'https://creativecommons.org/licenses/by/4.0/',
      open: true,
      terms: { may: [{ en: 'anything' }], must: [], mayNot: [] },
    },
    updateFrequency: 'monthly',
    source: { format: 'csv' },
    latestVersion: null,
    versionCount: 0,
    formats: ['csv', 'parquet'],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    rowCount: 0,
    fields: [{ name: 'code', type: 'string', grade: 'public' }],
    primaryKey: ['code'],
  };
}

export function sampleVersion(datasetId: string, version: number): VersionRecord {
  return {
    datasetId,
    version,
    state: 'pending',
    releaseId: `rel-${datasetId}-${version}`,
    rowCount: 1,
    fields: [{ name: 'code', type: 'string', grade: 'public' }],
    primaryKey: ['code'],
    artifacts: [],
    manifestSha256: 'a'.repeat(64),
    dataSha256: 'b'.repeat(64),
    deidentification: [],
    breaking: false,
  };
}
