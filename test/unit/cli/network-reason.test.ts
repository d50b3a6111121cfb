import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { networkReason } from '../../../functions/cli/network-reason.ts';
import { CJK } from '../../support/chinese-text.ts';
import { closedPort } from '../../support/closed-port.ts';

/** What fetch threw for `url` (it must throw). */
async function failure(url: string, ms = 5000): Promise<unknown> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(ms) });
  } catch (e) {
    return e;
  }
  throw new Error(`expected fetch ${url} to fail`);
}

const servers: Server[] = [];
async function listen(onConnection: (s: import('node:net').Socket) => void): Promise<number> {
  const server = createServer(onConnection).listen(0, '127.0.0.1');
  servers.push(server);
  await once(server, 'listening');
  return (server.address() as { port: number }).port;
}
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

describe('networkReason (what fetch hides behind "fetch failed")', () => {
  it('names a refused connection, with its code, in both languages', async () => {
    const port = await closedPort();
    const why = networkReason(await failure(`http://127.0.0.1:${port}/`));
    expect(why.en).toBe('connection refused: nothing listens there (ECONNREFUSED)');
    expect(why.zh).toBe('连接被拒绝：该地址上没有服务在监听（ECONNREFUSED）');
  });

  it('names a server that hangs up, and one that does not answer in time', async () => {
    const hangsUp = await listen((s) => s.destroy());
    expect(networkReason(await failure(`http://127.0.0.1:${hangsUp}/`)).en).toBe(
      'the server closed the connection (UND_ERR_SOCKET)',
    );
    const silent = await listen(() => {});
    const why = networkReason(await failure(`http://127.0.0.1:${silent}/`, 200));
    expect(why).toEqual({ en: 'no answer in time', zh: '在时限内没有应答' });
  });

  it('names a port fetch will not use, and quotes a cause it does not know', async () => {
    expect(networkReason(await failure('http://127.0.0.1:9/')).zh).toBe('fetch 不允许使用的端口');
    const odd = Object.assign(new TypeError('fetch failed'), { cause: new Error('something new') });
    const why = networkReason(odd);
    expect(why.en).toBe('something new');
    expect(why.zh).toBe('“something new”');
    expect(networkReason('plain').en).toBe('plain');
    for (const w of [networkReason(await failure('http://127.0.0.1:9/'))]) expect(w.zh).toMatch(CJK);
  });
});
