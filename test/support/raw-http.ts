import { connect } from 'node:net';

/**
 * Sends `request` (the bytes of an HTTP/1.1 request, as written) to the server at `base` and reads
 * the whole answer: for what fetch would not send (raw Chinese in the URL, oversized headers).
 */
export async function rawHttp(base: string, request: string): Promise<{ head: string; body: string }> {
  const { port } = new URL(base);
  const raw = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(Buffer.from(request, 'utf8')));
    let got = '';
    socket.on('data', (d) => {
      got += d.toString('utf8');
    });
    socket.on('end', () => resolve(got));
    socket.on('error', reject);
  });
  const at = raw.indexOf('\r\n\r\n');
  return { head: raw.slice(0, at), body: raw.slice(at + 4) };
}
