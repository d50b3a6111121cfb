import { isIP } from 'node:net';
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { UsageKind } from '../core/access/usage-key.ts';
import { badRequest } from '../core/errors.ts';
import { ROUTES } from '../routes.ts';
import { type AccessDecision, checkAccess } from '../usecases/access/check-access.ts';
import { recordUsage } from '../usecases/access/record-usage.ts';
import type { Deps } from '../usecases/deps.ts';
import { header } from './response.ts';

type Request = middy.Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

const ROUTE_BY_KEY = new Map(ROUTES.map((r) => [`${r.method} ${r.path}`, r]));

const decisions = new WeakMap<APIGatewayProxyEventV2, AccessDecision>();
type Usage = { kind: UsageKind; dataset: string; version: number; format: string };
const usages = new WeakMap<APIGatewayProxyEventV2, Usage[]>();

/**
 * Handlers that serve data say what was served; the access middleware counts it (per dataset,
 * version, format, day and key) once the response is a success.
 */
export function noteUsage(event: APIGatewayProxyEventV2, usage: Usage): void {
  const list = usages.get(event) ?? [];
  // One count per dataset version per request (a SQL query may name a table twice).
  if (!list.some((u) => u.dataset === usage.dataset && u.version === usage.version && u.kind === usage.kind))
    list.push(usage);
  usages.set(event, list);
}

/** The principal a decision without a valid key is counted under (check-access.ts); never a key id. */
const ANONYMOUS = 'anonymous';

/**
 * The id of the API key this request was let in with, from the access middleware's decision: the key
 * was parsed once (apiKeyOf), verified once (hash, status, scope, limits) and nothing reads it again.
 * Undefined when no valid key came, or on admin routes (their Authorization is no API key).
 */
export function verifiedKeyOf(event: APIGatewayProxyEventV2): string | undefined {
  const d = decisions.get(event);
  return d && !d.denied && d.principal !== ANONYMOUS ? d.principal : undefined;
}

/**
 * The API key sent: `Authorization: Bearer <key>` or `X-API-Key: <key>`. Both, with different values,
 * is a 400: neither silently wins, so a client that sends its partner key in one header and another
 * key (or a stale one) in the other learns it at once, instead of being metered and limited under a
 * key it did not mean. The same key in both is fine.
 */
export function apiKeyOf(event: Pick<APIGatewayProxyEventV2, 'headers'>): string | undefined {
  const x = header(event, 'x-api-key')?.trim() || undefined;
  const auth = header(event, 'authorization');
  const bearer = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1] : undefined;
  if (x !== undefined && bearer !== undefined && x !== bearer) {
    throw badRequest({
      detail: 'conflicting credentials: X-API-Key and Authorization: Bearer carry different API keys',
      hint: 'send the API key once, in X-API-Key or as Authorization: Bearer <key>',
      errors: [
        {
          where: 'header.authorization',
          message: 'differs from the X-API-Key header',
          zh: { message: '与 X-API-Key 请求头中的密钥不同' },
        },
      ],
      zh: {
        detail: '凭据互相矛盾：X-API-Key 和 Authorization: Bearer 带的是不同的 API 密钥',
        hint: '请只发送一次 API 密钥：放在 X-API-Key 里，或者作为 Authorization: Bearer <key>',
      },
    });
  }
  return x ?? bearer;
}

/**
 * Access tiers on every API route: rate limits and quotas before the handler, `X-RateLimit-*` on
 * every response (errors included), usage metering after a successful data response.
 */
export function accessControl(
  getDeps: () => Deps,
): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const addHeaders = (request: Request) => {
    const d = decisions.get(request.event);
    if (!d || !request.response) return;
    request.response.headers = { ...request.response.headers, ...d.headers };
  };
  return {
    before: async (request) => {
      const e = request.event;
      const route = ROUTE_BY_KEY.get(e.routeKey);
      const deps = getDeps();
      const decision = await checkAccess(deps, {
        handler: route?.handler ?? 'unknown',
        route: e.routeKey,
        admin: route?.auth === 'iam',
        // Admin routes authenticate otherwise (IAM, the admin token): their Authorization is no API key.
        ...(route?.auth === 'iam' ? {} : { apiKey: apiKeyOf(e) }),
        sourceIp: clientAddress(e, deps.access.clientIpHeader, deps.access.edgeToken),
      });
      decisions.set(e, decision);
      if (decision.denied) throw decision.denied;
    },
    after: async (request) => {
      addHeaders(request);
      const status = request.response?.statusCode ?? 200;
      const d = decisions.get(request.event);
      if (!d || status >= 400) return;
      for (const usage of usages.get(request.event) ?? []) await recordUsage(getDeps(), { ...usage, key: d.principal });
    },
    onError: async (request) => {
      addHeaders(request);
    },
  };
}

/**
 * The client address: the source IP, or behind CloudFront the viewer address header that a CloudFront
 * function sets. With an edge token configured, the header counts only on requests that carry the
 * token CloudFront adds for the origin, so a direct caller cannot pick its own address. Only ever hashed.
 */
export function clientAddress(
  e: Pick<APIGatewayProxyEventV2, 'headers' | 'requestContext'>,
  viaHeader: string | undefined,
  edgeToken?: string,
): string {
  const throughEdge = edgeToken === undefined || header(e, 'x-opendata-edge') === edgeToken;
  const fromHeader = viaHeader && throughEdge ? header(e, viaHeader) : undefined;
  return clientOf(fromHeader?.trim() || e.requestContext?.http?.sourceIp || 'unknown');
}

/**
 * Who one client is, from its address: IPv4 as is (a port dropped), IPv6 by its /64 — one subscriber
 * network, within which a client may use a new address per request to slip past per-address limits.
 */
export function clientOf(address: string): string {
  const bare = /^\[([^\]]+)\](?::\d+)?$/.exec(address)?.[1] ?? address.replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1');
  if (isIP(bare) !== 6) return bare;
  const v6 = bare.toLowerCase().replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
  if (mapped?.[1]) return mapped[1];
  const [head = '', tail] = v6.split('::');
  const groups = (part: string | undefined) =>
    part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : [];
  const h = groups(head);
  const t = groups(tail);
  const all = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return `${all
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
