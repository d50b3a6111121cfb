import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { TokenAuthenticator } from '../../functions/adapters/local/token-authenticator.ts';
import { PrincipalsFile } from '../../functions/core/release/principal.ts';
import type { Authenticator } from '../../functions/ports/authenticator.ts';
import { issueApiKey } from '../../functions/usecases/access/issue-api-key.ts';
import { startTestPlatform } from '../support/platform.ts';
import { TOKENS } from '../support/release-fixtures.ts';

/** Shared by the feedback, requests, metrics, feeds and webhooks suites: the real platform, one small dataset. */
export const DATASET = 'seattle-weather';
export const DEPARTMENT = 'demo-meteorology';

export async function startCommunityPlatform() {
  const p = await startTestPlatform({ only: [DATASET] });
  // The lifecycle wires the authenticator; until it does, use the demo principals file the same way.
  const deps = p.deps as typeof p.deps & { authenticator?: Authenticator };
  if (!deps.authenticator) {
    const file = PrincipalsFile.parse(
      parse(readFileSync(join(import.meta.dirname, '../../datasets/principals.yaml'), 'utf8')),
    );
    (deps as { authenticator?: Authenticator }).authenticator = new TokenAuthenticator(file);
  }
  return p;
}

export async function issueKey(deps: Parameters<typeof issueApiKey>[0], name: string): Promise<string> {
  return (await issueApiKey(deps, 'test-admin', { name, scopes: ['query', 'download'] })).key;
}

export interface CallOptions {
  token?: keyof typeof TOKENS;
  apiKey?: string;
  body?: unknown;
  form?: Record<string, string>;
  /** A body sent as written (with `headers` saying what it is). */
  text?: string;
  method?: string;
  /** More request headers (content-type, if-match, range, …). */
  headers?: Record<string, string>;
}

export async function call(base: string, path: string, o: CallOptions = {}) {
  const headers: Record<string, string> = {};
  if (o.token) headers.authorization = `Bearer ${TOKENS[o.token]}`;
  if (o.apiKey) headers['x-api-key'] = o.apiKey;
  let body: string | undefined;
  if (o.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.body);
  } else if (o.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(o.form).toString();
  } else if (o.text !== undefined) body = o.text;
  Object.assign(headers, o.headers);
  const res = await fetch(`${base}${path}`, {
    method: o.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    redirect: 'manual',
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected field by field
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: json };
}
