import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from '../../functions/adapters/memory/memory-catalog-store.ts';
import { HANDLERS } from '../../functions/routes.ts';
import { appendAudit, LEDGER_DOC_KINDS } from '../../functions/usecases/release/audit-ledger.ts';
import { dataExportName } from '../../infra/data-exports.ts';
import { resolveHandlers } from '../../infra/handler-table.ts';
import { type Json, resourcesOf, type Synth, synth } from './helpers.ts';

/**
 * The audit ledger is append-only in IAM too (docs/releases.md, Audit ledger): its items (`audit#<seq>`,
 * `audit-head#head`, `audit-mark#<key>`) can be put only by the roles of functions that append to it,
 * and updated, deleted or batch-written by none. Checked by evaluating each role's statements as IAM
 * does for one request (an explicit deny wins, otherwise an allow is needed), not by their shape.
 */
let s: Synth;
beforeAll(() => {
  s = synth({}, false);
});

const TABLE = dataExportName('dev', 'TableArn');
const WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
/** One item of each ledger kind, as the DynamoDB adapter keys them (`<kind>#<id>`). */
const LEDGER_KEYS = ['audit#000000000042', 'audit-head#head', 'audit-mark#api-key.issued:k1'];
/** Functions whose code appends to the ledger (found from their bundles below). */
const APPENDERS = ['keys', 'releases', 'ingest', 'feedback', 'requests'];

const roleId = (handler: string) => `Handlers${handler.charAt(0).toUpperCase()}${handler.slice(1)}Role`;

/** Every statement (Allow and Deny) of the policies attached to a handler's role. */
function statementsOf(handler: string): Json[] {
  return Object.values(resourcesOf(s.compute, 'AWS::IAM::Policy'))
    .filter((p: Json) =>
      (p.Properties.Roles as Json[]).some((r) => typeof r.Ref === 'string' && r.Ref.startsWith(roleId(handler))),
    )
    .flatMap((p: Json) => p.Properties.PolicyDocument.Statement as Json[]);
}

const list = (v: Json): Json[] => (Array.isArray(v) ? v : [v]);
const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.')}$`,
  );

/** Whether a statement's condition holds for a request naming these partition keys. */
function conditionHolds(condition: Json | undefined, keys: readonly string[]): boolean {
  for (const [operator, byKey] of Object.entries((condition ?? {}) as Record<string, Record<string, Json>>)) {
    for (const [key, values] of Object.entries(byKey)) {
      // Only what the table statements use: anything else must be taught here, not guessed.
      if (key !== 'dynamodb:LeadingKeys') throw new Error(`condition key ${key} not evaluated by this test`);
      const patterns = list(values).map((v) => glob(v as string));
      const like = (k: string) => patterns.some((p) => p.test(k));
      const holds =
        operator === 'ForAllValues:StringLike'
          ? keys.every(like)
          : operator === 'ForAllValues:StringNotLike'
            ? keys.every((k) => !like(k))
            : operator === 'ForAnyValue:StringLike'
              ? keys.some(like)
              : (() => {
                  throw new Error(`condition operator ${operator} not evaluated by this test`);
                })();
      if (!holds) return false;
    }
  }
  return true;
}

/** IAM's decision for one request on the table by a handler's role. */
function allows(handler: string, action: string, keys: readonly string[]): boolean {
  const applicable = statementsOf(handler).filter(
    (st) =>
      list(st.Action).includes(action) &&
      list(st.Resource).some((r) => JSON.stringify(r) === JSON.stringify({ 'Fn::ImportValue': TABLE })) &&
      conditionHolds(st.Condition, keys),
  );
  if (applicable.some((st) => st.Effect === 'Deny')) return false;
  return applicable.some((st) => st.Effect === 'Allow');
}

describe('the audit ledger in IAM', () => {
  const handlers = Object.keys(HANDLERS);

  it('no role may update, delete or batch-write a ledger item, and only appenders may put one', () => {
    const granted: string[] = [];
    for (const h of handlers) {
      for (const key of LEDGER_KEYS) {
        for (const action of WRITES) if (allows(h, action, [key])) granted.push(`${h} ${action} ${key}`);
      }
    }
    expect(granted.sort()).toEqual(
      APPENDERS.flatMap((h) => LEDGER_KEYS.map((key) => `${h} dynamodb:PutItem ${key}`)).sort(),
    );
  });

  it('a batch naming one ledger item among others is refused as a whole', () => {
    for (const h of handlers) {
      expect(allows(h, 'dynamodb:BatchWriteItem', ['feedback#f1', 'audit#000000000001']), h).toBe(false);
    }
  });

  it('every role that writes the table holds the explicit deny (it wins over any later allow)', () => {
    const writers = resolveHandlers().filter((h) => h.access.includes('catalog:write'));
    expect(writers.map((h) => h.name).sort()).toEqual([...APPENDERS, 'webhooks'].sort());
    for (const { name } of writers) {
      const deny = statementsOf(name).filter((st) => st.Effect === 'Deny' && st.Sid === 'AuditLedgerAppendOnly');
      expect(deny, name).toHaveLength(1);
      expect(list(deny[0].Action).sort(), name).toEqual([
        'dynamodb:BatchWriteItem',
        'dynamodb:DeleteItem',
        'dynamodb:UpdateItem',
      ]);
      expect(deny[0].Condition, name).toEqual({
        'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': LEDGER_DOC_KINDS.map((k) => `${k}#*`) },
      });
    }
  });

  it('the writing roles keep every write they had on the rest of the table', () => {
    for (const h of [...APPENDERS, 'webhooks']) {
      for (const action of WRITES) {
        expect(allows(h, action, ['webhook#w1']), `${h} ${action}`).toBe(true);
        expect(allows(h, action, ['release#r1', 'DS#air']), `${h} ${action}`).toBe(true);
      }
    }
    // Counter items stay writable by every API function through their CTR#-scoped grant.
    for (const h of ['catalog', 'webhooks', 'releases'])
      expect(allows(h, 'dynamodb:UpdateItem', ['CTR#ip:x']), h).toBe(true);
  });

  it('the ledger writes only the kinds the grants name', async () => {
    const catalog = new MemoryCatalogStore();
    const kinds = new Set<string>();
    const put = catalog.putDoc.bind(catalog);
    catalog.putDoc = (kind, ...rest) => {
      kinds.add(kind);
      return put(kind, ...rest);
    };
    const deps = { catalog, clock: { now: () => new Date('2026-11-22T00:00:00Z') } };
    await appendAudit(deps, { actor: 'a', action: 'api-key.issued', subject: 'api-key/k1', dedupeKey: 'x' });
    await appendAudit(deps, { actor: 'a', action: 'api-key.revoked', subject: 'api-key/k1' });
    expect([...kinds].sort()).toEqual([...LEDGER_DOC_KINDS].sort());
  });

  it('exactly the functions whose code can append to the ledger hold ledger:append', async () => {
    // Each handler bundled as its function is (tree-shaken, AWS SDK external): appendAudit survives
    // only where some path of the handler calls it.
    const bundled = await Promise.all(
      Object.entries(HANDLERS).map(async ([name, spec]) => {
        const out = await build({
          entryPoints: [spec.entry],
          bundle: true,
          write: false,
          platform: 'node',
          format: 'esm',
          treeShaking: true,
          logLevel: 'silent',
          outfile: 'out.mjs',
          external: ['@aws-sdk/*', '@smithy/*', '@duckdb/*', '@aws-lambda-powertools/*'],
        });
        return { name, appends: /function appendAudit\d*\(/.test(out.outputFiles[0]?.text ?? '') };
      }),
    );
    const appends = bundled.filter((b) => b.appends).map((b) => b.name);
    expect(appends.sort()).toEqual([...APPENDERS].sort());
    const holders = resolveHandlers()
      .filter((h) => h.access.includes('ledger:append'))
      .map((h) => h.name);
    expect(holders.sort()).toEqual([...APPENDERS].sort());
  }, 60_000);
});
