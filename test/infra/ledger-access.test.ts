import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryCatalogStore } from '../../functions/adapters/memory/memory-catalog-store.ts';
import { HANDLERS } from '../../functions/routes.ts';
import { appendAudit, LEDGER_DOC_KINDS } from '../../functions/usecases/release/audit-ledger.ts';
import { DOC_WRITES } from '../../infra/constructs/handler-access.ts';
import { resolveHandlers } from '../../infra/handler-table.ts';
import { type Synth, synth } from './helpers.ts';
import { bundleOf, list, tableIam } from './table-iam.ts';

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

const WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
/** One item of each ledger kind, as the DynamoDB adapter keys them (`<kind>#<id>`). */
const LEDGER_KEYS = ['audit#000000000042', 'audit-head#head', 'audit-mark#api-key.issued:k1'];
/** Functions whose code appends to the ledger (found from their bundles below). */
const APPENDERS = ['keys', 'releases', 'ingest', 'feedback', 'requests'];

const { statementsOf, allows } = tableIam(() => s);

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
    // Whole-table writers (catalog:write), ledger appenders and the functions writing their own kinds.
    const writers = resolveHandlers().filter((h) =>
      h.access.some((c) => c === 'catalog:write' || c === 'ledger:append' || c in DOC_WRITES),
    );
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

  it('the release functions put any item of the rest of the table, and update, delete or batch-write none', () => {
    // The internet-facing writers (feedback, requests, webhooks, keys) put only their own kinds:
    // table-writes.test.ts.
    for (const h of ['releases', 'ingest']) {
      for (const action of WRITES) {
        const put = action === 'dynamodb:PutItem';
        expect(allows(h, action, ['webhook#w1']), `${h} ${action}`).toBe(put);
        expect(allows(h, action, ['release#r1', 'DS#air']), `${h} ${action}`).toBe(put);
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
        const text = await bundleOf(spec.entry);
        return { name, appends: /function appendAudit\d*\(/.test(text) };
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
