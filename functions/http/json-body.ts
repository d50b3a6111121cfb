import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { badRequest, unsupportedMediaType } from '../core/errors.ts';
import { header } from './response.ts';

/** `application/json`, or a `+json` type (`application/merge-patch+json`), with any parameters. */
const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * The JSON body of a route that reads only JSON (POST /v1/sql, the query API, /v1/keys). A body
 * declared as another type (`text/plain`, an HTML form) is a 415 naming application/json, not a 400
 * about JSON syntax: the caller's fix is the header, and a form body would never parse. A body with no
 * Content-Type is read as JSON. An empty body is `empty` (each route says what that means).
 */
export function readJsonBody(event: APIGatewayProxyEventV2, options: { empty: unknown; example: string }): unknown {
  const type = header(event, 'content-type');
  if (type !== undefined && type.trim() !== '' && !JSON_TYPE.test(type.trim())) {
    const given = type.split(';')[0]?.trim();
    throw unsupportedMediaType({
      detail: `the request body is ${given}; this route reads application/json`,
      hint: `send Content-Type: application/json with a body such as ${options.example}`,
      zh: {
        detail: `请求体的类型是 ${given}；这个接口只读取 application/json`,
        hint: `请发送 Content-Type: application/json，请求体例如 ${options.example}`,
      },
    });
  }
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  if (!raw) return options.empty;
  try {
    return JSON.parse(raw);
  } catch {
    throw badRequest({
      detail: 'the request body is not valid JSON',
      hint: `send ${options.example}`,
      zh: { detail: '请求体不是有效的 JSON', hint: `请发送 ${options.example}` },
    });
  }
}
