import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';

/** A loopback port nothing listens on: taken from the system, then let go (fetch answers ECONNREFUSED). */
export async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}
