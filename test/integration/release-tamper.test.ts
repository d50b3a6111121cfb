import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbCatalogStore } from '../../functions/adapters/aws/dynamodb-catalog-store.ts';
import { main } from '../../functions/cli/main.ts';
import { startTestPlatform } from '../support/platform.ts';
import { api, cli, fixtureBody } from '../support/release-fixtures.ts';

/** Tamper evidence: alter one stored audit entry directly in DynamoDB; verification names it, in either language. */
let p: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  p = await startTestPlatform({ only: [] });
  const r = await api(p.url, 'POST', '/v1/releases', { token: 'carol', body: fixtureBody({ releaseId: 'tamper-r1' }) });
  await api(p.url, 'POST', `/v1/releases/${r.body.id}/approve`, { token: 'dave' });
});
afterAll(async () => {
  await p?.cleanup();
});

describe('audit ledger tamper test', () => {
  it('names the first altered entry over HTTP and in the CLI', async () => {
    const before = await api(p.url, 'GET', '/v1/audit/verify');
    expect(before.body).toMatchObject({ valid: true });
    expect(before.body.entries).toBeGreaterThanOrEqual(5);

    // Bypass the ledger code: rewrite entry 3's actor in the table itself.
    const store = p.deps.catalog as DynamoDbCatalogStore;
    const key = { PK: { S: 'audit#000000000003' }, SK: { S: 'DOC' } };
    const item = await p.deps.catalog.getDoc<Record<string, unknown>>('audit', '000000000003');
    const forged = JSON.stringify({ ...item?.value, actor: 'mallory' });
    await store.client.send(
      new UpdateItemCommand({
        TableName: store.table,
        Key: key,
        UpdateExpression: 'SET #d = :d',
        ExpressionAttributeNames: { '#d': 'doc' },
        ExpressionAttributeValues: { ':d': { S: forged } },
      }),
    );

    const after = await api(p.url, 'GET', '/v1/audit/verify');
    expect(after.status).toBe(409);
    expect(after.body).toMatchObject({
      valid: false,
      firstBroken: {
        seq: 3,
        reason: expect.stringMatching(/altered/),
        kind: 'altered',
        zh: { reason: '哈希与记录内容不符（这条记录被篡改过）' },
      },
    });

    const err: string[] = [];
    const code = await main(['audit', 'verify'], {
      out: () => {},
      err: (s) => err.push(s),
      // A publisher's token in the environment (docs/releases.md sets it first): the public route is
      // called without it, else the token would be read as an API key (401).
      env: { OPENDATA_API: p.url, OPENDATA_TOKEN: 'demo-token-carol' },
      cwd: process.cwd(),
    });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/broken at entry #3/);

    // The same in Chinese under --lang zh; --json keeps the English reason and adds kind and zh.
    const zh = await cli(p.url, ['--lang', 'zh', 'audit', 'verify'], 'carol');
    expect(zh.code).toBe(1);
    expect(zh.err).toBe('✗ 审计账本在记录 #3 处断开：哈希与记录内容不符（这条记录被篡改过）');
    const json = await cli(p.url, ['--lang', 'zh', 'audit', 'verify', '--json'], 'carol');
    expect(JSON.parse(json.out).firstBroken).toEqual(after.body.firstBroken);
  });
});
