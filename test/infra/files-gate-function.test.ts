import { runInNewContext } from 'node:vm';
import { beforeEach, describe, expect, it } from 'vitest';
import { KvsFilesGate } from '../../functions/adapters/aws/cloudfront-kvs-files-gate.ts';
import { GATE_VALUE_MAX_BYTES, gateWithdrawnValue } from '../../functions/core/catalog/files-gate.ts';
import { filesGateFunctionCode } from '../../infra/constructs/files-gate-function.ts';
import { FakeKvs } from '../support/fake-kvs.ts';

/**
 * The `/files/*` viewer-request function, run as CloudFront runs it (cloudfront-js-2.0 is plain
 * JavaScript): the very text that goes into the template, in a fresh context, with a fake of the
 * `cloudfront` module's key value store handle. The store is written by the functions' own adapter
 * (KvsFilesGate) against the fake data-plane API, so both ends agree on keys and values.
 */
type Json = Record<string, unknown>;
type Handler = (event: Json) => Promise<Json>;

const KVS_ARN = 'arn:aws:cloudfront::123456789012:key-value-store/0f1e2d3c-files-gate';
let kvs: FakeKvs;
let gate: KvsFilesGate;

/** Loads the function code; `import cf from 'cloudfront'` is the one line CloudFront resolves itself. */
function load(store: FakeKvs): Handler {
  const code = filesGateFunctionCode();
  expect(code.startsWith("import cf from 'cloudfront';\n")).toBe(true);
  const body = code.replace("import cf from 'cloudfront';\n", '');
  // No Node globals: only what the runtime offers (JSON, RegExp, parseInt…).
  return runInNewContext(`${body}\nhandler`, { cf: { kvs: () => store.handle() } }) as Handler;
}

const viewer = (uri: string) => ({ version: '1.0', request: { method: 'GET', uri, headers: {}, querystring: {} } });
const bodyOf = (r: Json) => JSON.parse((r.body as { data: string }).data) as Json;

beforeEach(() => {
  kvs = new FakeKvs();
  gate = new KvsFilesGate(kvs.client, KVS_ARN);
});

describe('files gate function (/files/* viewer request)', () => {
  it('serves a published version: rewrites /files/<rest> to the published key datasets/<rest>', async () => {
    await gate.open('seattle-weather', 1);
    const out = await load(kvs)(viewer('/files/seattle-weather/v000001/data.csv'));
    expect(out.uri).toBe('/datasets/seattle-weather/v000001/data.csv');
    expect(out.statusCode).toBeUndefined();
    // Files deeper in the version folder too (the Athena location file).
    expect((await load(kvs)(viewer('/files/seattle-weather/v000001/_athena/symlink.txt'))).uri).toBe(
      '/datasets/seattle-weather/v000001/_athena/symlink.txt',
    );
  });

  it('answers 410 problem+json with the reason for a withdrawn version, as the local platform does', async () => {
    await gate.open('seattle-weather', 1);
    await gate.close('seattle-weather', 1, '个人信息 found after publication');
    const out = await load(kvs)(viewer('/files/seattle-weather/v000001/data.csv'));
    expect(out.statusCode).toBe(410);
    const headers = out.headers as Record<string, { value: string }>;
    expect(headers['content-type']?.value).toBe('application/problem+json; charset=utf-8');
    expect(headers['cache-control']?.value).toBe('no-store');
    expect(headers['access-control-allow-origin']?.value).toBe('*');
    expect(bodyOf(out)).toEqual({
      type: '/problems/gone',
      title: 'Gone',
      status: 410,
      detail: 'version 1 of "seattle-weather" was withdrawn: 个人信息 found after publication',
      hint: 'use another version, or "latest"',
      zh: {
        detail: '数据集“seattle-weather”的第 1 版已撤回：个人信息 found after publication',
        hint: '请使用其他版本或“latest”',
      },
      reason: '个人信息 found after publication',
    });
    // A publication retried after the withdrawal does not reopen it.
    expect(await gate.open('seattle-weather', 1)).toBe('withdrawn');
    expect((await load(kvs)(viewer('/files/seattle-weather/v000001/data.csv'))).statusCode).toBe(410);
  });

  it('answers 404 for the files of a version the catalogue never committed (in progress, or failed)', async () => {
    await gate.open('seattle-weather', 1);
    const out = await load(kvs)(viewer('/files/seattle-weather/v000002/data.csv'));
    expect(out.statusCode).toBe(404);
    expect(bodyOf(out)).toMatchObject({
      type: '/problems/not-found',
      status: 404,
      detail: 'version 2 of "seattle-weather" is not published',
    });
  });

  it('fails closed: a store error, an unknown value or a path outside version folders is not served', async () => {
    const broken = { handle: () => ({ get: async () => Promise.reject(new Error('store unavailable')) }) };
    const out = await load(broken as unknown as FakeKvs)(viewer('/files/seattle-weather/v000001/data.csv'));
    expect(out.statusCode).toBe(404);
    kvs.write('seattle-weather/v000001', 'PUBLISHED?');
    expect((await load(kvs)(viewer('/files/seattle-weather/v000001/data.csv'))).statusCode).toBe(410);
    for (const uri of [
      '/files/seattle-weather/data.csv',
      '/files/seattle-weather/v1/data.csv',
      '/files/x',
      '/files/',
    ]) {
      expect((await load(kvs)(viewer(uri))).statusCode, uri).toBe(404);
    }
  });

  it('serves the audit-ledger exports without a gate entry', async () => {
    const out = await load(kvs)(viewer('/files/_audit/head-0000000061.json'));
    expect(out.uri).toBe('/datasets/_audit/head-0000000061.json');
  });

  it('fits CloudFront Functions limits: under 10 KB of code', () => {
    expect(Buffer.byteLength(filesGateFunctionCode())).toBeLessThan(10 * 1024);
  });
});

describe('KvsFilesGate: conditional writes', () => {
  it('a withdrawal landing between a publication retry reading the entry and writing it wins', async () => {
    let raced = false;
    kvs.beforePut = () => {
      if (raced) return;
      raced = true;
      // Another function closes the version after `open` read "no entry" and before its write lands.
      kvs.write('air/v000002', gateWithdrawnValue('privacy incident'));
    };
    expect(await gate.open('air', 2)).toBe('withdrawn');
    expect(JSON.parse(kvs.entries.get('air/v000002') ?? '{}')).toEqual({
      state: 'withdrawn',
      reason: 'privacy incident',
    });
  });

  it('reconciles with the catalogue: opens what is missing, closes what is still open, rewrites nothing else', async () => {
    await gate.open('air', 1);
    await gate.open('air', 2);
    await gate.close('water', 1, 'wrong station codes');
    kvs.calls.length = 0;
    const out = await gate.reconcile([
      { datasetId: 'air', version: 1, state: 'published' },
      { datasetId: 'air', version: 2, state: 'withdrawn', reason: 'privacy incident' },
      { datasetId: 'water', version: 1, state: 'withdrawn', reason: 'wrong station codes' },
      { datasetId: 'water', version: 2, state: 'published' },
    ]);
    expect(out).toEqual({ opened: 1, closed: 1 });
    // One ETag, one listing, then the differences in one batched write on that ETag.
    expect(kvs.calls).toEqual(['DescribeKeyValueStoreCommand', 'ListKeysCommand', 'UpdateKeysCommand']);
    expect(kvs.batches).toEqual([2]);
    expect(kvs.entries.get('water/v000002')).toBe('published');
    expect(JSON.parse(kvs.entries.get('air/v000002') ?? '{}').state).toBe('withdrawn');
  });

  it('reconciling, a write by someone else lists again and writes only what still differs', async () => {
    let puts = 0;
    kvs.beforePut = () => {
      // A withdrawal of air v3 lands just before the first batch: it fails on the ETag, writing nothing.
      if (++puts === 1) kvs.write('air/v000003', gateWithdrawnValue('privacy incident'));
    };
    const out = await gate.reconcile([1, 2, 3].map((v) => ({ datasetId: 'air', version: v, state: 'published' })));
    expect(out).toEqual({ opened: 2, closed: 0 });
    expect(kvs.entries.get('air/v000001')).toBe('published');
    expect(kvs.entries.get('air/v000002')).toBe('published');
    expect(JSON.parse(kvs.entries.get('air/v000003') ?? '{}').state).toBe('withdrawn');
    expect(kvs.calls.filter((c) => c === 'ListKeysCommand')).toHaveLength(2);
    expect(kvs.calls).not.toContain('GetKeyCommand');
    expect(kvs.batches).toEqual([2]);
  });

  it('reconciles thousands of versions in batches of 50, closures first, each batch on the ETag the last one returned', async () => {
    // 130 versions already open (3 pages of listing), 120 to open, 5 published ones to close.
    for (let v = 1; v <= 130; v++) kvs.write(`air/v${String(v).padStart(6, '0')}`, 'published');
    kvs.calls.length = 0;
    const versions = [
      ...Array.from({ length: 250 }, (_, i) => ({ datasetId: 'air', version: i + 1, state: 'published' as const })),
    ].map((v) => (v.version <= 5 ? { ...v, state: 'withdrawn' as const, reason: 'privacy incident' } : v));
    const written: string[][] = [];
    const send = kvs.client.send.bind(kvs.client);
    const spy = {
      send: (c: { constructor: { name: string }; input: { Puts?: Array<{ Key: string }> } }) => {
        if (c.constructor.name === 'UpdateKeysCommand') written.push((c.input.Puts ?? []).map((p) => p.Key));
        return send(c as never);
      },
    };
    const out = await new KvsFilesGate(spy as never, KVS_ARN).reconcile(versions);
    expect(out).toEqual({ opened: 120, closed: 5 });
    expect(kvs.batches).toEqual([50, 50, 25]);
    expect(written[0]?.slice(0, 5)).toEqual([1, 2, 3, 4, 5].map((v) => `air/v00000${v}`));
    expect(kvs.calls.filter((c) => c === 'ListKeysCommand')).toHaveLength(3);
    expect(kvs.calls.filter((c) => c === 'DescribeKeyValueStoreCommand')).toHaveLength(1);
    expect(kvs.calls).not.toContain('PutKeyCommand');
    expect(kvs.deletes).toEqual([]);
    expect(kvs.entries.size).toBe(250);
    expect(JSON.parse(kvs.entries.get('air/v000005') ?? '{}').state).toBe('withdrawn');
    // A second run finds nothing to write.
    expect(await gate.reconcile(versions)).toEqual({ opened: 0, closed: 0 });
    expect(kvs.batches).toHaveLength(3);
  });

  it('a withdrawal landing between two batches fails the next one only: what was written stays, the rest is written once', async () => {
    let puts = 0;
    kvs.beforePut = () => {
      if (++puts === 2) kvs.write('air/v000070', gateWithdrawnValue('privacy incident'));
    };
    const versions = Array.from({ length: 100 }, (_, i) => ({
      datasetId: 'air',
      version: i + 1,
      state: 'published' as const,
    }));
    const out = await gate.reconcile(versions);
    // 50 in the first batch; the second (50) failed on the ETag; after listing again, 49 still differ.
    expect(out).toEqual({ opened: 99, closed: 0 });
    expect(kvs.batches).toEqual([50, 49]);
    expect(JSON.parse(kvs.entries.get('air/v000070') ?? '{}').state).toBe('withdrawn');
    expect(kvs.entries.size).toBe(100);
  });

  it('cuts a reason too long for one value, never the JSON', () => {
    const value = gateWithdrawnValue('个'.repeat(2000));
    expect(Buffer.byteLength(value)).toBeLessThanOrEqual(GATE_VALUE_MAX_BYTES);
    expect((JSON.parse(value) as { reason: string }).reason.endsWith('…')).toBe(true);
  });
});
