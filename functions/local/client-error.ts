import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { badRequest, headersTooLarge } from '../core/errors.ts';
import { toProblem } from '../http/problem.ts';

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
  const why = err.reason ?? err.message;
  const problem = toProblem(
    err.code === 'HPE_HEADER_OVERFLOW'
      ? headersTooLarge({
          detail: 'the request headers are larger than 16 KB',
          hint: 'send smaller headers',
          zh: { detail: '请求头超过了 16 KB', hint: '请发送更小的请求头' },
        })
      : err.code === 'HPE_INVALID_URL'
        ? badRequest({
            detail: `the request URL is not valid HTTP: ${why}`,
            hint: "percent-encode characters outside ASCII and spaces in the URL (curl: --get --data-urlencode 'q=机场')",
            zh: {
              detail: `请求的 URL 不是有效的 HTTP，Node.js 的原文：${why}`,
              hint: "URL 中的非 ASCII 字符和空格要做百分号编码（curl：--get --data-urlencode 'q=机场'）",
            },
          })
        : badRequest({
            detail: `malformed HTTP request: ${why}`,
            hint: 'send a valid HTTP/1.1 request',
            zh: { detail: `HTTP 请求格式不对，Node.js 的原文：${why}`, hint: '请发送有效的 HTTP/1.1 请求' },
          }),
  );
  const body = String(problem.body);
  const head = Object.entries({ ...problem.headers, 'content-length': Buffer.byteLength(body), connection: 'close' })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  socket.end(`HTTP/1.1 ${problem.statusCode} ${STATUS_CODES[problem.statusCode ?? 400]}\r\n${head}\r\n\r\n${body}`);
}
