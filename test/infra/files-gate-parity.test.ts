import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../functions/adapters/local/fs-blob-store.ts';
import { keyOfFilePath } from '../../functions/core/catalog/artifact-keys.ts';
import { classifyFilesPath, GATE_PUBLISHED, gateWithdrawnValue } from '../../functions/core/catalog/files-gate.ts';
import { serveArtifact, type VersionAccess } from '../../functions/local/serve-file.ts';
import { filesGateFunctionCode } from '../../infra/constructs/files-gate-function.ts';
import { FakeKvs } from '../support/fake-kvs.ts';

/**
 * The files gate's rule is one (core/catalog/files-gate.ts) applied twice: by the CloudFront function
 * in AWS and by the local server. Both run here on the same paths, over the same versions and files,
 * and must give the same answer: served, or the same status and problem body.
 */
type Json = Record<string, unknown>;

const VERSIONS: Record<string, VersionAccess> = {
  'air/v000001': { state: 'published' },
  'air/v000002': { state: 'withdrawn', reason: 'privacy incident: $id and $reason stay as written' },
};
const FILES = [
  'air/v000001/data.csv',
  'air/v000001/sub/dir.txt',
  'air/v000002/data.csv',
  'air/v000003/data.csv',
  'air/data.csv',
  'air/v1/data.csv',
  'air/v0000001/data.csv',
  'Air/v000001/data.csv',
  '_audit/head-0000000001.json',
  'stray.txt',
];
const PATHS = [...FILES, 'air/v000001/missing.csv', 'air/v000001/', 'x', ''].map((f) => `/files/${f}`);

let root: string;
let server: Server;
let url: string;
const kvs = new FakeKvs();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'files-gate-parity-'));
  const blobs = new FsBlobStore(root);
  for (const f of FILES) await blobs.putBytes(`datasets/${f}`, `bytes of ${f}`);
  for (const [key, access] of Object.entries(VERSIONS)) {
    kvs.write(key, access.state === 'withdrawn' ? gateWithdrawnValue(access.reason) : GATE_PUBLISHED);
  }
  server = createServer((req, res) => {
    void serveArtifact(req, res, blobs, keyOfFilePath(req.url ?? '') ?? '', async (id, v) => {
      return VERSIONS[`${id}/v${String(v).padStart(6, '0')}`] ?? { state: 'unpublished' };
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await rm(root, { recursive: true, force: true });
});

function edge(): (event: Json) => Promise<Json> {
  const body = filesGateFunctionCode().replace("import cf from 'cloudfront';\n", '');
  return runInNewContext(`${body}\nhandler`, { cf: { kvs: () => kvs.handle() } }) as (event: Json) => Promise<Json>;
}

/** What each side answers: `served` (the file's bytes; at the edge, the origin request), or the problem. */
async function atEdge(uri: string): Promise<Json> {
  const out = await edge()({ version: '1.0', request: { method: 'GET', uri, headers: {}, querystring: {} } });
  if (out.uri !== undefined) return { served: (out.uri as string).replace(/^\/datasets\//, '') };
  return { status: out.statusCode, ...JSON.parse((out.body as { data: string }).data) };
}
async function locally(uri: string): Promise<Json> {
  const r = await fetch(`${url}${uri}`);
  if (r.ok) return { served: uri.replace(/^\/files\//, '') };
  const problem = (await r.json()) as Json;
  // The local server names the request in `instance`; CloudFront's answer is built without it.
  const { instance: _instance, ...rest } = problem;
  return { status: r.status, ...rest };
}

describe('files gate: the CloudFront function and the local server apply the same rule', () => {
  it.each(PATHS)('%s', async (uri) => {
    const edgeAnswer = await atEdge(uri);
    const localAnswer = await locally(uri);
    // A file the edge lets through that the bucket lacks is the origin's 404, not the gate's.
    if (edgeAnswer.served !== undefined && localAnswer.status === 404) {
      expect(FILES).not.toContain(edgeAnswer.served);
      return;
    }
    expect(localAnswer).toEqual(edgeAnswer);
  });

  it('classifies as both do', () => {
    expect(classifyFilesPath('air/v000001/data.csv')).toEqual({ kind: 'version', id: 'air', v: 1 });
    expect(classifyFilesPath('_audit/head-1.json')).toEqual({ kind: 'audit' });
    for (const p of ['air/v1/data.csv', 'air/data.csv', 'stray.txt', 'air/v000001/']) {
      expect(classifyFilesPath(p), p).toEqual({ kind: 'other' });
    }
  });
});
