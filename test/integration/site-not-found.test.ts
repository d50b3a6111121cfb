import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Context, LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { S3BlobStore } from '../../functions/adapters/aws/s3-blob-store.ts';
import { builtInNotFoundPage, notFoundPage, siteLanguage } from '../../functions/core/site/not-found-page.ts';
import { type S3rverHandle, startS3rver } from '../../functions/local/standins/s3rver.ts';
import { NOT_FOUND_MAX_AGE_SECONDS, siteNotFound } from '../../functions/usecases/site-not-found.ts';
import { composeSiteNotFoundDeps, NOT_FOUND_FAILED_READ_TTL_MS } from '../../functions/wiring/site-not-found-deps.ts';

/**
 * The site's not-found function (CloudFront's fallback origin for the site bucket's 403/404), run as
 * Lambda runs it: its handler, composed from its environment, reading the site bucket through the S3
 * adapter from the S3 stand-in (s3rver).
 */
const BUCKET = 'opendata-site';
const ZH_PAGE = '<!doctype html><html lang="zh-CN"><title>页面不存在</title><h1>找不到页面</h1></html>';
const EN_PAGE = '<!doctype html><html lang="en"><title>Page not found</title><h1>Not here</h1></html>';

let dir: string;
let s3: S3rverHandle;
let handler: (event: LambdaFunctionURLEvent, context: Context) => Promise<LambdaFunctionURLResult>;

const put = (key: string, body: string) =>
  s3.client.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: key,
      Body: body,
      ContentLength: Buffer.byteLength(body),
      ContentType: 'text/html',
    }),
  );

/** The request CloudFront sends the function URL when the site bucket refused `path` (payload 2.0). */
function urlEvent(path: string, method = 'GET'): LambdaFunctionURLEvent {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'abcdefghijklmnop.lambda-url.us-east-1.on.aws', 'x-amz-cf-id': 'stand-in' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abcdefghijklmnop',
      domainName: 'abcdefghijklmnop.lambda-url.us-east-1.on.aws',
      domainPrefix: 'abcdefghijklmnop',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '130.176.0.1', userAgent: 'Amazon CloudFront' },
      requestId: 'stand-in',
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

const call = async (path: string, method = 'GET') =>
  (await handler(urlEvent(path, method), {} as Context)) as Exclude<LambdaFunctionURLResult, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'site-not-found-'));
  s3 = await startS3rver({ directory: dir, buckets: [BUCKET] });
  // What Lambda and the stack give the function; the SDK's own variable points it at the stand-in.
  Object.assign(process.env, {
    SITE_BUCKET: BUCKET,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
  });
  ({ handler } = await import('../../functions/handlers/site-not-found.ts'));
  await put('404.html', ZH_PAGE);
  await put('en/404.html', EN_PAGE);
  await put('index.html', '<!doctype html><title>home</title>');
}, 60_000);

afterAll(async () => {
  await s3?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the site not-found function (handler against the S3 stand-in)', () => {
  it("answers an unknown page with the site's 404 page, status 404, HTML and a short cache lifetime", async () => {
    const r = await call('/datasets/no-such-dataset/index.html');
    expect(r.statusCode).toBe(404);
    expect(r.headers).toEqual({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=60' });
    expect(r.body).toBe(ZH_PAGE);
  });

  it('answers English paths with the English page', async () => {
    expect((await call('/en/datasets/no-such-dataset/index.html')).body).toBe(EN_PAGE);
    expect((await call('/en')).body).toBe(EN_PAGE);
    // Only the /en/ segment is English: /english/… is a default-language path.
    expect((await call('/english/index.html')).body).toBe(ZH_PAGE);
  });

  it('answers HEAD like GET (CloudFront drops the body)', async () => {
    const r = await call('/nothing/index.html', 'HEAD');
    expect(r.statusCode).toBe(404);
    expect(r.headers?.['content-type']).toBe('text/html; charset=utf-8');
  });

  it('sends a minimal built-in page, in the right language, when the site has no 404 page (yet)', async () => {
    // The function keeps each page in memory for the minute of its Cache-Control (a failed read seconds):
    // only Date is faked, so the clock can pass those without waiting (the S3 stand-in's I/O is real).
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    try {
      await s3.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'en/404.html' }));
      // Within the minute the page read before is still answered, without reading S3.
      expect((await call('/en/missing/index.html')).body).toBe(EN_PAGE);
      vi.setSystemTime(Date.now() + NOT_FOUND_MAX_AGE_SECONDS * 1000);
      const r = await call('/en/missing/index.html');
      expect(r.statusCode).toBe(404);
      expect(r.body).toBe(builtInNotFoundPage('en'));
      expect(r.body).toContain('<html lang="en">');
      expect(r.body).not.toMatch(/<script|<style|style=/);
      // The default language still has its page.
      expect((await call('/missing/index.html')).body).toBe(ZH_PAGE);
      // A page written again shows once the absent page's few seconds have passed.
      await put('en/404.html', EN_PAGE);
      vi.setSystemTime(Date.now() + NOT_FOUND_FAILED_READ_TTL_MS);
      expect((await call('/en/missing/index.html')).body).toBe(EN_PAGE);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the not-found use case (S3 adapter, failures)', () => {
  it('falls back to the built-in page when the read fails, and says why', async () => {
    // In AWS the function may not list the bucket, so S3 answers a missing page with 403 AccessDenied,
    // which the adapter throws (s3rver cannot refuse a read: a store that throws the same stands in).
    const denied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    const r = await siteNotFound({ site: { readBytes: () => Promise.reject(denied) } }, '/en/gone/index.html');
    expect(r).toMatchObject({ source: 'built-in', key: 'en/404.html', problem: 'AccessDenied' });
    expect(r.html).toBe(builtInNotFoundPage('en'));
    // A bucket that is not there at all reads as absent (S3's 404).
    const none = await siteNotFound({ site: new S3BlobStore(s3.client, 'no-such-bucket') }, '/x/index.html');
    expect(none).toMatchObject({ source: 'built-in', key: '404.html', problem: 'absent' });
    expect(none.html).toBe(builtInNotFoundPage('zh-CN'));
  });

  it('treats an absent or empty page as absent', async () => {
    await put('404.html', '');
    const r = await siteNotFound({ site: new S3BlobStore(s3.client, BUCKET) }, '/x/index.html');
    expect(r).toMatchObject({ source: 'built-in', key: '404.html', problem: 'absent' });
    await put('404.html', ZH_PAGE);
  });

  it('refuses to start without SITE_BUCKET, naming the variable and where it comes from', () => {
    expect(() => composeSiteNotFoundDeps({})).toThrow(/SITE_BUCKET is missing\nhint: .*site-not-found\.ts/);
  });
});

describe('which not-found page a path gets (the local server uses the same rule)', () => {
  it.each([
    ['/', 'zh-CN', '404.html'],
    ['/datasets/x/index.html', 'zh-CN', '404.html'],
    ['/en', 'en', 'en/404.html'],
    ['/en/', 'en', 'en/404.html'],
    ['/en/datasets/x/index.html', 'en', 'en/404.html'],
    ['/enx/index.html', 'zh-CN', '404.html'],
    ['/EN/index.html', 'zh-CN', '404.html'],
  ])('%s → %s (%s)', (path, language, page) => {
    expect(siteLanguage(path)).toBe(language);
    expect(notFoundPage(path)).toBe(page);
  });
});
