/**
 * Small releases for lifecycle tests: a manifest (YAML text) of the demo ecology department and a
 * CSV, both tiny so a release takes milliseconds to check.
 */
import { DatasetSearchResponse } from '../../functions/core/catalog/search/search-response.ts';
import { runCli } from './cli.ts';

export interface FixtureOptions {
  readonly id?: string;
  readonly publisher?: string;
  /** Rows as [station, pm25]. */
  readonly rows?: ReadonlyArray<readonly [string, number]>;
  /** Type of the pm25 field (retyping it is a breaking change). */
  readonly pm25Type?: 'number' | 'string';
  /** Drop the pm25 field (a breaking change). */
  readonly withoutPm25?: boolean;
  readonly breakingNote?: string;
  readonly label?: string;
}

export function fixtureManifest(o: FixtureOptions = {}): string {
  const fields = [
    `  - name: station\n    type: string\n    constraints: { required: true, unique: true }`,
    ...(o.withoutPm25 ? [] : [`  - name: pm25\n    type: ${o.pm25Type ?? 'number'}`]),
  ];
  return `id: ${o.id ?? 'test-air-quality'}
title: Test air quality
description: Daily PM2.5 per station, a tiny fixture for release lifecycle tests.
publisher: ${o.publisher ?? 'demo-ecology-environment'}
contact: { name: Monitoring data section, email: opendata@sthj.demo-city.example }
themes: [environment]
license: CC-BY-4.0
updateFrequency: daily
${o.label ? `label: '${o.label}'\n` : ''}${o.breakingNote ? `breaking: { note: '${o.breakingNote}' }\n` : ''}source:
  files: [{ path: data.csv }]
  format: csv
  encoding: utf-8
primaryKey: [station]
fields:
${fields.join('\n')}
`;
}

export function fixtureCsv(o: FixtureOptions = {}): string {
  const rows = o.rows ?? [
    ['north', 12.5],
    ['south', 30.1],
    ['east', 8.2],
  ];
  return `${o.withoutPm25 ? 'station' : 'station,pm25'}\n${rows.map(([s, v]) => (o.withoutPm25 ? s : `${s},${v}`)).join('\n')}\n`;
}

/** The JSON body of POST /v1/releases. */
export function fixtureBody(o: FixtureOptions & { releaseId?: string } = {}) {
  return {
    ...(o.releaseId ? { releaseId: o.releaseId } : {}),
    manifest: fixtureManifest(o),
    files: [{ name: 'data.csv', contentBase64: Buffer.from(fixtureCsv(o)).toString('base64') }],
  };
}

/** The JSON body of POST /v1/releases for a manifest and one `data.csv` (its lines, a final newline added). */
export function releaseBody(releaseId: string, manifest: string, csvLines: readonly string[]) {
  const csv = `${csvLines.join('\n')}\n`;
  return { releaseId, manifest, files: [{ name: 'data.csv', contentBase64: Buffer.from(csv).toString('base64') }] };
}

/** Demo bearer tokens (datasets/principals.yaml stores only their sha256). */
export const TOKENS = {
  alice: 'demo-token-alice',
  bob: 'demo-token-bob',
  carol: 'demo-token-carol',
  dave: 'demo-token-dave',
  admin: 'demo-token-admin',
} as const;

export async function api(
  base: string,
  method: string,
  path: string,
  options: { token?: keyof typeof TOKENS; body?: unknown } = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read loosely typed JSON answers
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${TOKENS[options.token]}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** The JSON body of GET `path`; throws unless the answer is 200. */
// biome-ignore lint/suspicious/noExplicitAny: tests read loosely typed JSON answers
export async function getOk(base: string, path: string): Promise<any> {
  const r = await api(base, 'GET', path);
  if (r.status !== 200) throw new Error(`GET ${path}: expected 200, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The public catalogue search for `q` (up to 100 results). */
export async function searchDatasets(base: string, q: string): Promise<DatasetSearchResponse> {
  return DatasetSearchResponse.parse(await getOk(base, `/v1/datasets?limit=100&q=${encodeURIComponent(q)}`));
}

/** Runs the opendata CLI against the API at `base`, as `token`'s holder when given; its exit code and output. */
export async function cli(base: string, args: string[], token?: keyof typeof TOKENS, cwd = process.cwd()) {
  return runCli(args, { OPENDATA_API: base, ...(token ? { OPENDATA_TOKEN: TOKENS[token] } : {}) }, cwd);
}
