import {
  AUDIT_FOLDER,
  FILES_GATE_PLACEHOLDER,
  FILES_GATE_TEXT,
  GATE_PUBLISHED,
  VERSION_FILE_PATH,
} from '../../functions/core/catalog/files-gate.ts';
import { CORS_RESPONSE_HEADERS } from '../../functions/http/cors.ts';
import { PROBLEM_BASE } from '../../functions/http/problem.ts';

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
 * The rule and the answers are those of the local platform (functions/local/serve-file.ts): both take
 * them from functions/core/catalog/files-gate.ts (classifyFilesPath, FILES_GATE_TEXT), embedded here
 * as JSON; test/infra/files-gate-parity.test.ts runs both on the same paths. Plain JavaScript that CloudFront runs as is; the test runs
 * this very text with a fake store (test/infra/files-gate-function.test.ts).
 */
export function filesGateFunctionCode(): string {
  return `import cf from 'cloudfront';
const kvs = cf.kvs();
var FILES = '/files/';
var AUDIT_FOLDER = ${JSON.stringify(AUDIT_FOLDER)};
var VERSION_FILE_PATH = new RegExp(${JSON.stringify(VERSION_FILE_PATH.source)});
var PLACEHOLDER = new RegExp(${JSON.stringify(FILES_GATE_PLACEHOLDER.source)}, 'g');
var TEXT = ${JSON.stringify(FILES_GATE_TEXT)};
var PUBLISHED = ${JSON.stringify(GATE_PUBLISHED)};
var PROBLEM_BASE = ${JSON.stringify(PROBLEM_BASE)};
var CORS = ${JSON.stringify(CORS_RESPONSE_HEADERS)};

function text(t, vars) {
  function fill(s) {
    return s.replace(PLACEHOLDER, function (_, k) { return String(vars[k]); });
  }
  return { detail: fill(t.detail), hint: fill(t.hint), zh: { detail: fill(t.zh.detail), hint: fill(t.zh.hint) } };
}

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
  request.uri = '/datasets/' + request.uri.substring(FILES.length);
  return request;
}

async function handler(event) {
  var request = event.request;
  var path = request.uri.indexOf(FILES) === 0 ? request.uri.substring(FILES.length) : request.uri;
  if (path.indexOf(AUDIT_FOLDER) === 0) return toOrigin(request);
  var m = VERSION_FILE_PATH.exec(path);
  if (!m) return problem(404, 'not-found', 'Not found', text(TEXT.noFile, { path: path }));
  var vars = { id: m[1], v: parseInt(m[2], 10) };
  var value;
  try {
    value = await kvs.get(vars.id + '/v' + m[2]);
  } catch (e) {
    value = undefined;
  }
  if (value === PUBLISHED) return toOrigin(request);
  if (value === undefined || value === null) {
    return problem(404, 'not-found', 'Not found', text(TEXT.unpublished, vars));
  }
  vars.reason = 'withdrawn';
  try {
    var parsed = JSON.parse(value);
    if (parsed && typeof parsed.reason === 'string') vars.reason = parsed.reason;
  } catch (e) {}
  var gone = text(TEXT.withdrawn, vars);
  gone.reason = vars.reason;
  return problem(410, 'gone', 'Gone', gone);
}
`;
}
