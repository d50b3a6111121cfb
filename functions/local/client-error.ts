import type { Duplex } from 'node:stream';
import { PROBLEM_BASE } from '../http/problem.ts';

/**
 * Answers a request Node's HTTP parser refused before any handler saw it (the server's `clientError`),
 * with the platform's problem+json instead of Node's bare `400` and no body. The commonest case is a
 * query typed with raw Chinese characters (`curl "…?q=机场"`): browsers percent-encode it, curl does not.
 * API Gateway and CloudFront answer these themselves in AWS.
 */
export function answerClientError(err: Error & { code?: string; reason?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, title, detail, hint] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request header fields too large', 'the request headers are larger than 16 KB', 'send smaller headers']
      : err.code === 'HPE_INVALID_URL'
        ? [
            400,
            'Bad request',
            `the request URL is not valid HTTP: ${err.reason ?? err.message}`,
            "percent-encode characters outside ASCII and spaces in the URL (curl: --get --data-urlencode 'q=机场')",
          ]
        : [400, 'Bad request', `malformed HTTP request: ${err.reason ?? err.message}`, 'send a valid HTTP/1.1 request'];
  const body = JSON.stringify({
    type: `${PROBLEM_BASE}${status === 431 ? 'headers-too-large' : 'bad-request'}`,
    title,
    status,
    detail,
    hint,
  });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
