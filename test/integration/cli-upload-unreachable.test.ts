/**
 * `opendata release` whose upload URL does not answer (S3 or the platform gone between opening the
 * release and uploading): one line naming the file, the host and why, exit 1, in either language;
 * never the internal-error line. The platform here is a stand-in HTTP server that opens a draft
 * release and hands out an upload URL on a port nothing listens on.
 */
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { closedPort } from '../support/closed-port.ts';

const dataset = join(import.meta.dirname, '..', '..', 'datasets', 'seattle-weather');
let api: ReturnType<typeof createHttpServer>;
let apiUrl: string;
let deadOrigin: string;

beforeAll(async () => {
  deadOrigin = `http://127.0.0.1:${await closedPort()}`;
  api = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(req.method === 'POST' && req.url === '/v1/releases' ? 201 : 404, {
        'content-type': 'application/json',
      });
      res.end(
        JSON.stringify({
          id: 'seattle-weather-0123456789abcdef',
          datasetId: 'seattle-weather',
          state: 'draft',
          uploads: [{ name: 'seattle-weather.csv', url: `${deadOrigin}/upload`, method: 'PUT', headers: {} }],
        }),
      );
    });
  }).listen(0, '127.0.0.1');
  await once(api, 'listening');
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterAll(() => api.close());

describe('opendata release: an upload URL that does not answer', () => {
  it('says which file, which host and why, and that nothing was published (exit 1)', async () => {
    const env = { OPENDATA_API: apiUrl, OPENDATA_TOKEN: 't' };
    const en = await runCli(['release', dataset], env);
    expect(en.code).toBe(1);
    expect(en.err).toBe(
      `✗ cannot upload seattle-weather.csv to ${deadOrigin}: connection refused: nothing listens there (ECONNREFUSED). Nothing was published: the release stays a draft, and the same command again uploads its files`,
    );
    const zh = await runCli(['--lang', 'zh', 'release', dataset], env);
    expect(zh.code).toBe(1);
    expect(zh.err).toBe(
      `✗ 无法把 seattle-weather.csv 上传到 ${deadOrigin}：连接被拒绝：该地址上没有服务在监听（ECONNREFUSED）。没有发布任何内容：这次发布仍是草稿，再次运行同一条命令即可重新上传文件`,
    );
  });
});
