import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../../../functions/cli/api-client.ts';
import type { CliIo } from '../../../functions/cli/io.ts';
import { main } from '../../../functions/cli/main.ts';
import {
  executeApiRegion,
  IamAuthError,
  signingRegion,
  signRequest,
  useIamAuth,
} from '../../../functions/cli/sigv4.ts';

/** The AWS SigV4 test suite's credentials and date (docs: "Signature Version 4 test suite"). */
const SUITE_CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const SUITE_DATE = new Date('2015-08-30T12:36:00Z');
const SUITE_SCOPE = 'AKIDEXAMPLE/20150830/us-east-1/service/aws4_request';

/** An independent SigV4 reference (the documented algorithm, straight on node:crypto) to cross-check. */
function referenceSignature(input: {
  method: string;
  path: string;
  query?: string;
  headers: Record<string, string>;
  payloadHash: string;
  secret: string;
  date: string; // yyyymmdd
  amzDate: string;
  region: string;
  service: string;
}): { signedHeaders: string; signature: string } {
  const names = Object.keys(input.headers)
    .map((h) => h.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(input.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const canonicalHeaders = names.map((n) => `${n}:${String(lower[n]).trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    input.method,
    input.path,
    input.query ?? '',
    canonicalHeaders,
    signedHeaders,
    input.payloadHash,
  ].join('\n');
  const scope = `${input.date}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    input.amzDate,
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const kSigning = hmac(
    hmac(hmac(hmac(`AWS4${input.secret}`, input.date), input.region), input.service),
    'aws4_request',
  );
  return { signedHeaders, signature: createHmac('sha256', kSigning).update(stringToSign).digest('hex') };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('SigV4 signing (AWS test suite vectors)', () => {
  const ctx = { credentials: SUITE_CREDS, region: 'us-east-1', service: 'service', date: SUITE_DATE };

  it('get-vanilla', async () => {
    const h = await signRequest({ method: 'GET', url: 'https://example.amazonaws.com/' }, ctx);
    expect(h.host).toBe('example.amazonaws.com');
    expect(h['x-amz-date']).toBe('20150830T123600Z');
    expect(h.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=${SUITE_SCOPE}, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31`,
    );
  });

  it('get-vanilla-query-order-key-case', async () => {
    const h = await signRequest(
      { method: 'GET', url: 'https://example.amazonaws.com/?Param2=value2&Param1=value1' },
      ctx,
    );
    expect(h.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=${SUITE_SCOPE}, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500`,
    );
  });

  it('post-vanilla', async () => {
    const h = await signRequest({ method: 'POST', url: 'https://example.amazonaws.com/' }, ctx);
    expect(h.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=${SUITE_SCOPE}, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b`,
    );
  });

  it('the reference implementation reproduces the suite (so it can check the cases below)', () => {
    const r = referenceSignature({
      method: 'GET',
      path: '/',
      headers: { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' },
      payloadHash: sha256(''),
      secret: SUITE_CREDS.secretAccessKey,
      date: '20150830',
      amzDate: '20150830T123600Z',
      region: 'us-east-1',
      service: 'service',
    });
    expect(r.signature).toBe('5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
  });
});

describe('SigV4 for execute-api', () => {
  const url = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/v1/releases/mauna-loa-co2-abc/approve';
  const creds = { ...SUITE_CREDS, sessionToken: 'FwoGZXIvYXdzEXAMPLE//session+token=' };
  const date = new Date('2026-03-01T09:08:07Z');

  it('POST with temporary credentials: host, x-amz-date, x-amz-security-token and x-amz-content-sha256 signed', async () => {
    const body = JSON.stringify({ reason: 'wrong units' });
    const h = await signRequest(
      { method: 'POST', url, headers: { accept: 'application/json', 'content-type': 'application/json' }, body },
      { credentials: creds, region: 'eu-west-1', date },
    );
    expect(h.host).toBe('a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com');
    expect(h['x-amz-date']).toBe('20260301T090807Z');
    expect(h['x-amz-security-token']).toBe(creds.sessionToken);
    expect(h['x-amz-content-sha256']).toBe(sha256(body));
    const ref = referenceSignature({
      method: 'POST',
      path: '/v1/releases/mauna-loa-co2-abc/approve',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        host: h.host as string,
        'x-amz-content-sha256': sha256(body),
        'x-amz-date': '20260301T090807Z',
        'x-amz-security-token': creds.sessionToken,
      },
      payloadHash: sha256(body),
      secret: creds.secretAccessKey,
      date: '20260301',
      amzDate: '20260301T090807Z',
      region: 'eu-west-1',
      service: 'execute-api',
    });
    expect(ref.signedHeaders).toBe('accept;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token');
    expect(h.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260301/eu-west-1/execute-api/aws4_request, SignedHeaders=${ref.signedHeaders}, Signature=${ref.signature}`,
    );
  });

  it('GET without a body: no x-amz-content-sha256, query string signed', async () => {
    const h = await signRequest(
      { method: 'GET', url: `${url.replace(/\/[^/]+\/approve$/, '')}?dataset=mauna-loa-co2` },
      { credentials: SUITE_CREDS, region: 'eu-west-1', date },
    );
    expect(h['x-amz-content-sha256']).toBeUndefined();
    expect(h['x-amz-security-token']).toBeUndefined();
    const ref = referenceSignature({
      method: 'GET',
      path: '/v1/releases',
      query: 'dataset=mauna-loa-co2',
      headers: { host: h.host as string, 'x-amz-date': '20260301T090807Z' },
      payloadHash: sha256(''),
      secret: SUITE_CREDS.secretAccessKey,
      date: '20260301',
      amzDate: '20260301T090807Z',
      region: 'eu-west-1',
      service: 'execute-api',
    });
    expect(h.authorization).toContain(`SignedHeaders=host;x-amz-date, Signature=${ref.signature}`);
  });

  it('region: AWS_REGION, then AWS_DEFAULT_REGION, then the execute-api host; else a clear error', () => {
    expect(executeApiRegion(url)).toBe('eu-west-1');
    expect(executeApiRegion('https://abc.execute-api.cn-north-1.amazonaws.com.cn/')).toBe('cn-north-1');
    expect(executeApiRegion('http://localhost:8787')).toBeUndefined();
    expect(signingRegion({}, url)).toBe('eu-west-1');
    expect(signingRegion({ AWS_DEFAULT_REGION: 'us-east-2' }, url)).toBe('us-east-2');
    expect(signingRegion({ AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'us-east-2' }, url)).toBe('ap-south-1');
    expect(() => signingRegion({}, 'https://api.example.org')).toThrow(/set AWS_REGION/);
    expect(() => signingRegion({}, 'https://api.example.org')).toThrow(
      expect.objectContaining({ zh: expect.stringContaining('请设置 AWS_REGION') }),
    );
  });

  it('auth mode: OPENDATA_AUTH wins; otherwise IAM only for an execute-api URL without a token', () => {
    expect(useIamAuth({ OPENDATA_AUTH: 'iam' }, 'http://localhost:8787', 'tok')).toBe(true);
    expect(useIamAuth({ OPENDATA_AUTH: 'bearer' }, url, undefined)).toBe(false);
    expect(useIamAuth({}, url, undefined)).toBe(true);
    expect(useIamAuth({}, url, 'tok')).toBe(false);
    expect(useIamAuth({}, 'http://localhost:8787', undefined)).toBe(false);
    expect(() => useIamAuth({ OPENDATA_AUTH: 'sigv4' }, url, undefined)).toThrow(IamAuthError);
  });
});

/** A local HTTP server that records what the CLI sends. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
let server: Server;
let base: string;
const seen: Seen[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(req.url?.startsWith('/v1/keys') ? { keys: [] } : { releases: [] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** The credential chain reads process.env and ~/.aws: isolate both. */
const AWS_VARS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_CONFIG_FILE',
  'AWS_EC2_METADATA_DISABLED',
] as const;
let saved: Record<string, string | undefined> = {};
beforeEach(() => {
  saved = Object.fromEntries(AWS_VARS.map((k) => [k, process.env[k]]));
  for (const k of AWS_VARS) delete process.env[k];
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/opendata-test/credentials';
  process.env.AWS_CONFIG_FILE = '/nonexistent/opendata-test/config';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  seen.length = 0;
});
afterEach(() => {
  for (const k of AWS_VARS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

function io(env: NodeJS.ProcessEnv): CliIo & { outText: string[]; errText: string[] } {
  const outText: string[] = [];
  const errText: string[] = [];
  return {
    out: (s) => outText.push(s),
    err: (s) => errText.push(s),
    env: { ...process.env, ...env },
    cwd: process.cwd(),
    outText,
    errText,
  };
}

describe('the API client', () => {
  it('bearer path unchanged: Authorization: Bearer, no SigV4 headers, same JSON body', async () => {
    const a = await callApi(io({ OPENDATA_API: base, OPENDATA_TOKEN: 'demo-token-carol' }), 'POST', '/v1/releases', {
      releaseId: 'x',
    });
    expect(a.status).toBe(200);
    const r = seen[0] as Seen;
    expect(r.headers.authorization).toBe('Bearer demo-token-carol');
    expect(r.headers.accept).toBe('application/json');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.body).toBe('{"releaseId":"x"}');
    expect(Object.keys(r.headers).filter((h) => h.startsWith('x-amz-'))).toEqual([]);
  });

  it('no token, local URL: no Authorization at all (as before)', async () => {
    expect(await main(['status'], io({ OPENDATA_API: base }))).toBe(0);
    expect((seen[0] as Seen).headers.authorization).toBeUndefined();
  });

  it('OPENDATA_AUTH=iam: the request that arrives carries a valid SigV4 signature', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = SUITE_CREDS.secretAccessKey;
    process.env.AWS_SESSION_TOKEN = 'session-token-example';
    const body = { reason: 'superseded' };
    const a = await callApi(
      io({ OPENDATA_API: base, OPENDATA_AUTH: 'iam', AWS_REGION: 'eu-west-1', OPENDATA_TOKEN: 'ignored' }),
      'POST',
      '/v1/datasets/mauna-loa-co2/versions/1/withdraw',
      body,
    );
    expect(a.status).toBe(200);
    const r = seen[0] as Seen;
    const auth = String(r.headers.authorization);
    expect(auth).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, /);
    expect(r.headers['x-amz-security-token']).toBe('session-token-example');
    expect(r.headers['x-amz-content-sha256']).toBe(sha256(r.body));
    const amzDate = String(r.headers['x-amz-date']);
    const signedNames = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
    const ref = referenceSignature({
      method: 'POST',
      path: r.url,
      headers: Object.fromEntries(signedNames.map((n) => [n, String(r.headers[n])])),
      payloadHash: sha256(r.body),
      secret: SUITE_CREDS.secretAccessKey,
      date: amzDate.slice(0, 8),
      amzDate,
      region: 'eu-west-1',
      service: 'execute-api',
    });
    expect(signedNames).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'x-amz-security-token']));
    expect(auth).toContain(`Signature=${ref.signature}`);
  });

  it('IAM auth without credentials: exit 1 and says what is missing and how to fix it; nothing is sent', async () => {
    const t = io({ OPENDATA_API: base, AWS_REGION: 'eu-west-1' });
    expect(await main(['--iam', 'status'], t)).toBe(1);
    const msg = t.errText.join('\n');
    expect(msg).toMatch(/no usable AWS credentials/);
    expect(msg).toMatch(/AWS_PROFILE/);
    expect(msg).toMatch(/run in a role/);
    expect(msg).toMatch(/aws-actions\/configure-aws-credentials/);
    expect(seen).toEqual([]);
  });

  it('says a signing problem in Chinese under --lang zh: no credentials (exit 1), a bad OPENDATA_AUTH (exit 2)', async () => {
    const t = io({ OPENDATA_API: base, AWS_REGION: 'eu-west-1' });
    expect(await main(['--lang', 'zh', '--iam', 'status'], t)).toBe(1);
    const msg = t.errText.join('\n');
    expect(msg).toMatch(/^✗ 没有可用于 SigV4 签名的 AWS 凭证（IAM 身份验证）：AWS SDK 的原文是“.+”\n/);
    expect(msg).toContain('解决办法：把 AWS_PROFILE 设为 ~/.aws/config 中的一个配置');
    expect(msg).toContain('aws-actions/configure-aws-credentials');
    expect(msg).not.toMatch(/no usable|fix:/);
    const k = io({ OPENDATA_URL: base, OPENDATA_AUTH: 'sigv4' });
    expect(await main(['--lang', 'zh', 'keys', 'list'], k)).toBe(2);
    expect(k.errText.join('\n')).toContain('opendata keys：OPENDATA_AUTH 只能是“iam”或“bearer”，不能是“sigv4”');
    expect(seen).toEqual([]);
  });

  it('an execute-api OPENDATA_API without a token switches to IAM (and fails clearly with no credentials)', async () => {
    const t = io({ OPENDATA_API: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com' });
    expect(await main(['status', 'r-1'], t)).toBe(1);
    expect(t.errText.join('\n')).toMatch(/no usable AWS credentials/);
  });

  it('keys commands sign too under --iam (no admin token needed)', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = SUITE_CREDS.secretAccessKey;
    const t = io({ OPENDATA_URL: base, AWS_REGION: 'eu-west-1' });
    expect(await main(['keys', 'list', '--iam'], t)).toBe(0);
    const r = seen[0] as Seen;
    expect(String(r.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 /);
    expect(t.outText.join('\n')).toContain('No API keys.');
  });
});
