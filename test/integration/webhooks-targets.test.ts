import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Webhook } from '../../functions/core/subscriptions/webhook.ts';
import { STRICT_TARGETS } from '../../functions/core/subscriptions/webhook-target.ts';
import type { WebhookRequest } from '../../functions/ports/webhook-transport.ts';
import { WEBHOOK_KIND } from '../../functions/usecases/webhooks.ts';
import { runWebhooks } from '../../functions/usecases/webhooks-dispatch.ts';
import { getDeps, installDeps } from '../../functions/wiring/compose.ts';
import { call, DATASET, issueKey, startCommunityPlatform } from './feedback-support.ts';

let p: Awaited<ReturnType<typeof startCommunityPlatform>>;
let key: string;
beforeAll(async () => {
  p = await startCommunityPlatform();
  key = await issueKey(p.deps, 'Enterprise SSRF');
});
afterAll(async () => p?.cleanup());

const register = (url: string) => call(p.url, '/v1/webhooks', { apiKey: key, body: { url } });

/** Runs `body` with the platform's webhook rules as in AWS (no loopback allowance). */
async function asInAws<T>(body: () => Promise<T>): Promise<T> {
  const local = getDeps();
  installDeps({ ...local, webhooks: { ...local.webhooks, targets: STRICT_TARGETS } });
  try {
    return await body();
  } finally {
    installDeps(local);
  }
}

describe('webhook targets', () => {
  it.each([
    ['https://169.254.169.254/latest', /link-local/],
    ['https://10.0.0.1/x', /private/],
    ['https://[::ffff:10.0.0.1]/x', /IPv4-mapped/],
    ['https://[fd00::1]/x', /unique-local/],
    ['https://100.100.100.200/x', /CGNAT/],
    ['https://metadata.google.internal/computeMetadata/v1/', /internal host name/],
    ['https://user:pw@example.com/', /user name or password/],
    ['http://example.com/x', /plain http/],
  ])('refuses %s at registration with a 400 naming the field', async (url, why) => {
    const r = await register(url);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.detail).toMatch(why);
    expect(r.body.hint).toMatch(/public|signature/i);
    expect(r.body.errors).toEqual([
      expect.objectContaining({ where: 'body.url', message: expect.stringMatching(why) }),
    ]);
    expect(JSON.stringify(r.body)).not.toContain('pw@');
  });

  it('refuses loopback in every spelling when the local allowance is off (AWS)', async () => {
    for (const url of [
      'http://127.0.0.1:9001/2018-06-01/runtime/invocation/next',
      'https://127.0.0.1:9001/x',
      'https://2130706433/',
      'https://0x7f.1/',
      'https://[::1]/x',
      'https://[::ffff:7f00:1]/x',
      'https://localhost/x',
      'https://hooks.localhost/x',
      'https://0.0.0.0/x',
    ]) {
      const r = await asInAws(() => register(url));
      expect([url, r.status]).toEqual([url, 400]);
      expect(r.body.errors[0].where).toBe('body.url');
    }
    expect((await asInAws(() => register('https://hooks.example.com/x'))).status).toBe(201);
    // Locally the allowance is on: the receiver on this machine is accepted.
    const local = await register('http://127.0.0.1:9/x');
    expect(local.status).toBe(201);
    await call(p.url, `/v1/webhooks/${local.body.webhook.id}/disable`, { apiKey: key, method: 'POST' });
  });

  it('refuses at delivery a name that resolves to a private address, and connects only to vetted addresses', async () => {
    const rebind = await register('https://rebind.example.com/hook');
    const mixed = await register('https://mixed.example.com/hook');
    const fine = await register('https://Public.Example.com/hook');
    for (const r of [rebind, mixed, fine]) expect(r.status).toBe(201);
    expect(fine.body.webhook.url).toBe('https://public.example.com/hook');
    const keyId = fine.body.webhook.keyId as string;
    // Stored before the rules existed: a credentialed URL and the metadata address.
    const legacy = (id: string, url: string): Webhook => ({
      id,
      keyId,
      url,
      events: ['version.withdrawn'],
      secret: `whsec_${id}`,
      status: 'active',
      consecutiveFailures: 0,
      createdAt: new Date().toISOString(),
    });
    await p.deps.catalog.putDoc(WEBHOOK_KIND, 'wh_legacyMeta', legacy('wh_legacyMeta', 'https://169.254.169.254/x'), 0);
    await p.deps.catalog.putDoc(
      WEBHOOK_KIND,
      'wh_legacyCred',
      legacy('wh_legacyCred', 'https://u:hunter2@example.com/'),
      0,
    );

    const listed = await call(p.url, '/v1/webhooks', { apiKey: key });
    expect(listed.text).not.toContain('hunter2');
    expect(listed.body.webhooks.find((w: { id: string }) => w.id === 'wh_legacyCred').url).toBe('https://example.com/');

    const dns: Record<string, string[]> = {
      'rebind.example.com': ['10.0.0.5'],
      'mixed.example.com': ['93.184.216.34', '169.254.169.254'],
      'public.example.com': ['93.184.216.34', '2606:2800:220:1::'],
    };
    const sent: WebhookRequest[] = [];
    const deps = {
      ...p.deps,
      webhooks: {
        ...p.deps.webhooks,
        resolver: { resolve: async (host: string) => dns[host] ?? [] },
        transport: {
          post: async (req: WebhookRequest) => {
            sent.push(req);
            return { status: 200 };
          },
        },
      },
    };
    const v = await p.deps.catalog.getVersion(DATASET, 1);
    if (!v) throw new Error('no v1');
    await p.deps.catalog.updateVersion(
      { ...v.value, state: 'withdrawn', withdrawn: { reason: 'test', at: new Date().toISOString(), by: 'admin' } },
      v.revision,
    );
    await runWebhooks(deps);

    // Only the public name was contacted, at the address that was vetted.
    expect(sent.map((r) => [r.url, r.address])).toEqual([['https://public.example.com/hook', '93.184.216.34']]);
    const attemptsOf = async (id: string) =>
      (await call(p.url, `/v1/webhooks/${id}/deliveries`, { apiKey: key })).body.deliveries[0].attempts;
    const cases: Array<[string, RegExp]> = [
      [rebind.body.webhook.id, /^refused: the host name resolves to a non-public address \(private\)$/],
      [mixed.body.webhook.id, /^refused: .*\(link-local\)$/],
      ['wh_legacyMeta', /^refused: the host is a non-public address \(link-local\)$/],
      ['wh_legacyCred', /^refused: the URL must not contain a user name or password$/],
    ];
    for (const [id, why] of cases) {
      const attempts = await attemptsOf(id);
      expect(attempts).toHaveLength(1);
      expect(attempts[0].error).toMatch(why);
      expect(attempts[0].status).toBeUndefined();
      expect(JSON.stringify(attempts)).not.toMatch(/10\.0\.0\.5|hunter2|whsec_/);
    }
    // A refusal counts as a failed attempt (retried, and towards disabling the webhook).
    const view = await call(p.url, `/v1/webhooks/${rebind.body.webhook.id}`, { apiKey: key });
    expect(view.body).toMatchObject({ status: 'active', consecutiveFailures: 1 });
  });
});
