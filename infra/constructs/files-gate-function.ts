import { GATE_PUBLISHED } from '../../functions/core/catalog/files-gate.ts';
import { CORS } from '../../functions/http/cors.ts';
import { PROBLEM_BASE } from '../../functions/http/problem.ts';

/** The one folder under `/files/` that is not a version: the audit-ledger exports (audit-ledger.ts). */
export const AUDIT_FILES_PREFIX = '/files/_audit/';

/**
 * The viewer-request function of `/files/*` (cloudfront-js-2.0, with the files gate's key value store
 * associated). CloudFront allows one function per event type on a behaviour, so this one does both jobs:
 *
 * 1. the gate: `/files/<id>/v<000000>/<file>` is served only if the store lists the version as
 *    `published`; withdrawn → 410 problem+json with the reason; no entry (a publication in progress, or
 *    one that failed: its files exist under the version's prefix, but the catalogue never committed
 *    it) → 404. Any other path under `/files/` but the audit exports → 404. The answers are generated
 *    here, before CloudFront looks at its cache, so a cached copy of a withdrawn file is never served
 *    either, and CloudFront does not cache them. A failed store lookup fails closed (404).
 * 2. the rewrite: `/files/<rest>` is served from the published key `datasets/<rest>`.
 *
 * The answers are those of the local platform (functions/local/serve-file.ts): same status, problem
 * type, title, detail, hint and `reason`. Plain JavaScript that CloudFront runs as is; the test runs
 * this very text with a fake store (test/infra/files-gate-function.test.ts).
 */
export function filesGateFunctionCode(): string {
  const cors = {
    'access-control-allow-origin': '*',
    'access-control-expose-headers': CORS.exposeHeaders.join(', '),
  };
  return `import cf from 'cloudfront';
const kvs = cf.kvs();
var VERSION_PATH = /^\\/files\\/([a-z][a-z0-9-]*)\\/v([0-9]{6})\\/[^/]/;
var PUBLISHED = ${JSON.stringify(GATE_PUBLISHED)};
var PROBLEM_BASE = ${JSON.stringify(PROBLEM_BASE)};
var CORS = ${JSON.stringify(cors)};

function problem(status, slug, title, fields) {
  var body = { type: PROBLEM_BASE + slug, title: title, status: status };
  for (var k in fields) body[k] = fields[k];
  var headers = {
    'content-type': { value: 'application/problem+json; charset=utf-8' },
    'cache-control': { value: 'no-store' },
    'x-content-type-options': { value: 'nosniff' }
  };
  for (var h in CORS) headers[h] = { value: CORS[h] };
  return { statusCode: status, statusDescription: title, headers: headers, body: { encoding: 'text', data: JSON.stringify(body) } };
}

function toOrigin(request) {
  request.uri = '/datasets/' + request.uri.substring('/files/'.length);
  return request;
}

async function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.indexOf(${JSON.stringify(AUDIT_FILES_PREFIX)}) === 0) return toOrigin(request);
  var m = VERSION_PATH.exec(uri);
  if (!m) {
    return problem(404, 'not-found', 'Not found', {
      detail: 'no file datasets/' + uri.substring('/files/'.length),
      hint: 'download through /v1/datasets/{id}/versions/{v}/{file}'
    });
  }
  var dataset = m[1];
  var version = parseInt(m[2], 10);
  var value;
  try {
    value = await kvs.get(dataset + '/v' + m[2]);
  } catch (e) {
    value = undefined;
  }
  if (value === PUBLISHED) return toOrigin(request);
  if (value === undefined || value === null) {
    return problem(404, 'not-found', 'Not found', {
      detail: 'version ' + version + ' of "' + dataset + '" is not published',
      hint: 'list the versions with GET /v1/datasets/{id}/versions'
    });
  }
  var reason = 'withdrawn';
  try {
    var parsed = JSON.parse(value);
    if (parsed && typeof parsed.reason === 'string') reason = parsed.reason;
  } catch (e) {}
  return problem(410, 'gone', 'Gone', {
    detail: 'version ' + version + ' of "' + dataset + '" was withdrawn: ' + reason,
    hint: 'use another version, or "latest"',
    reason: reason
  });
}
`;
}
