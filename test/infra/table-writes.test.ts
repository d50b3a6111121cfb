import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCatalogStore } from '../../functions/adapters/aws/dynamodb-catalog-store.ts';
import type { DatasetEntry, VersionRecord } from '../../functions/core/catalog/schema.ts';
import { HANDLERS } from '../../functions/routes.ts';
import { LEDGER_DOC_KINDS } from '../../functions/usecases/release/audit-ledger.ts';
import { DOC_WRITES } from '../../infra/constructs/handler-access.ts';
import { resolveHandlers } from '../../infra/handler-table.ts';
import { type Json, type Synth, synth } from './helpers.ts';
import { bundleOf, tableIam } from './table-iam.ts';

/**
 * Security review #6: the internet-facing functions (feedback, requests, webhooks, keys) may put only
 * the table items of the kinds their own code writes, never a dataset entry or version (`DS#`), a
 * release, another function's documents or (but keys) an API key. Two sides, both checked against the
 * synthesized roles as IAM evaluates them for one request:
 *   - from the code: each handler is bundled as its function is (tree-shaken) and every catalogue write
 *     left in it is read off the bundle (the kind each putDoc names; DS# for datasets and versions): its
 *     role must allow each, so a change that writes a new kind fails here rather than with AccessDenied
 *     in AWS, and the narrow roles may put nothing else;
 *   - a reviewed table of what each narrow role may and may not write.
 */
let s: Synth;
/** Partition-key prefix (`DS`, or a document kind) of every catalogue write each handler's bundle holds. */
let written: Record<string, string[]>;
/** `<class>.<command>` for every DynamoDB write command a bundle constructs, over all handlers. */
let commands: Set<string>;

const WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const NARROW = ['feedback', 'requests', 'webhooks', 'keys'] as const;
const LEDGER: string[] = [...LEDGER_DOC_KINDS];
/** Kinds no narrow role writes, named so a grant matching them would show even if no bundle wrote them. */
const OTHER_KINDS = ['DS', 'release', 'role-state', 'apikey', 'CTR', ...LEDGER];
const keyOf = (kind: string) => (kind === 'DS' ? 'DS#air' : kind === 'CTR' ? 'CTR#ip:x' : `${kind}#sample1`);

// --- what a bundle writes -------------------------------------------------------------------------

/** CatalogStore methods that write, and the partition key of the store's methods writing no document. */
const STORE_WRITES = new Map<string, string | undefined>([
  ['putDoc', undefined], // <kind>#<id>: the kind is the first argument
  ['putDataset', 'DS'],
  ['createVersion', 'DS'],
  ['updateVersion', 'DS'],
]);
const DYNAMODB_WRITES = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems'].map(
  (c) => `${c}Command`,
);

/** The method a call sits in, through arrow functions (`() => this.inner.putDataset(entry)`). */
const enclosingMethod = (n: ts.Node): ts.MethodDeclaration | undefined => {
  for (let p = n.parent; p; p = p.parent) {
    if (ts.isMethodDeclaration(p)) return p;
    if (ts.isFunctionLike(p) && !ts.isArrowFunction(p)) return undefined;
  }
  return undefined;
};
function enclosingClassName(n: ts.Node): string | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (ts.isClassDeclaration(p) && p.name) return p.name.text;
    if (ts.isClassExpression(p)) {
      if (p.name) return p.name.text;
      if (ts.isVariableDeclaration(p.parent) && ts.isIdentifier(p.parent.name)) return p.parent.name.text;
    }
  }
  return undefined;
}

/**
 * The writes of one bundle. A store wrapping another (the caching store) passes its own parameter on
 * to the same method: that call writes whatever its caller names, and is skipped. Any other write whose
 * kind is not a string constant fails: teach this test rather than let a kind go unseen.
 */
function writesIn(name: string, code: string): { kinds: Set<string>; commands: Set<string> } {
  const sf = ts.createSourceFile(`${name}.mjs`, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const constants = new Map<string, Set<string>>();
  const sdkNames = new Map<string, string>(); // local name -> client-dynamodb export
  const calls: ts.CallExpression[] = [];
  const news: ts.NewExpression[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) {
      if (ts.isStringLiteralLike(n.initializer)) {
        constants.set(n.name.text, (constants.get(n.name.text) ?? new Set()).add(n.initializer.text));
      }
    }
    if (
      ts.isImportDeclaration(n) &&
      ts.isStringLiteral(n.moduleSpecifier) &&
      n.moduleSpecifier.text === '@aws-sdk/client-dynamodb'
    ) {
      const bindings = n.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) sdkNames.set(el.name.text, (el.propertyName ?? el.name).text);
      } else if (bindings) throw new Error(`${name}: namespace import of client-dynamodb not read by this test`);
    }
    if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      STORE_WRITES.has(n.expression.name.text)
    )
      calls.push(n);
    if (ts.isNewExpression(n)) news.push(n);
    ts.forEachChild(n, visit);
  };
  visit(sf);

  const kinds = new Set<string>();
  for (const call of calls) {
    const method = (call.expression as ts.PropertyAccessExpression).name.text;
    const arg = call.arguments[0];
    const fn = enclosingMethod(call);
    const delegates =
      fn &&
      fn.name.getText() === method &&
      arg &&
      ts.isIdentifier(arg) &&
      fn.parameters.some((p) => p.name.getText() === arg.text);
    if (delegates) continue;
    const fixed = STORE_WRITES.get(method);
    if (fixed) {
      kinds.add(fixed);
      continue;
    }
    const values = !arg
      ? undefined
      : ts.isStringLiteralLike(arg)
        ? new Set([arg.text])
        : ts.isIdentifier(arg)
          ? constants.get(arg.text)
          : undefined;
    if (values?.size !== 1) throw new Error(`${name}: cannot tell the kind written by ${call.getText().slice(0, 120)}`);
    kinds.add([...values][0] as string);
  }

  const commands = new Set<string>();
  for (const n of news) {
    const sdk = ts.isIdentifier(n.expression) ? sdkNames.get(n.expression.text) : undefined;
    if (sdk && DYNAMODB_WRITES.includes(sdk)) commands.add(`${enclosingClassName(n) ?? '?'}.${sdk}`);
  }
  return { kinds, commands };
}

const { allows } = tableIam(() => s);

/** The kinds (of `universe`) a handler's role may write with `action`, counters aside. */
const writable = (handler: string, action: string, universe: readonly string[]) =>
  universe.filter((k) => k !== 'CTR' && allows(handler, action, [keyOf(k)])).sort();

beforeAll(async () => {
  s = synth({}, false);
  const bundles = await Promise.all(
    Object.entries(HANDLERS).map(async ([name, spec]) => ({ name, ...writesIn(name, await bundleOf(spec.entry)) })),
  );
  written = Object.fromEntries(bundles.map((b) => [b.name, [...b.kinds].sort()]));
  commands = new Set(bundles.flatMap((b) => [...b.commands]));
}, 180_000);

describe('table writes in IAM follow the code', () => {
  it('the catalogue adapter keys each write by kind (DS# for datasets and versions) and sends one PutItem', async () => {
    const sent: Json[] = [];
    const send = async (cmd: Json) => {
      sent.push(cmd);
      return {};
    };
    const store = new DynamoDbCatalogStore({ send } as unknown as DynamoDBClient, 't');
    await store.putDoc('feedback', 'f1', { a: 1 }, 0);
    await store.putDataset({ id: 'air' } as DatasetEntry, 3);
    await store.createVersion({ datasetId: 'air', version: 2 } as VersionRecord);
    await store.updateVersion({ datasetId: 'air', version: 2 } as VersionRecord, 1);
    expect(sent.map((c) => [c.constructor.name, c.input.Item.PK.S])).toEqual([
      ['PutItemCommand', 'feedback#f1'],
      ['PutItemCommand', 'DS#air'],
      ['PutItemCommand', 'DS#air'],
      ['PutItemCommand', 'DS#air'],
    ]);
  });

  it('no function sends a DynamoDB write but the store’s PutItem and the counters’ (no delete, no batch)', () => {
    expect([...commands].sort()).toEqual([
      'DynamoDbCatalogStore.PutItemCommand',
      'DynamoDbCounters.PutItemCommand',
      'DynamoDbCounters.UpdateItemCommand',
    ]);
  });

  it('every role may put every kind its function’s code can write', () => {
    const denied = Object.entries(written).flatMap(([h, kinds]) =>
      kinds.filter((k) => !allows(h, 'dynamodb:PutItem', [keyOf(k)])).map((k) => `${h} ${k}`),
    );
    expect(denied).toEqual([]);
  });

  it('the internet-facing writers may put exactly the kinds their code writes, and nothing else', () => {
    const universe = [...new Set([...Object.values(written).flat(), ...OTHER_KINDS])];
    for (const h of NARROW) {
      expect(writable(h, 'dynamodb:PutItem', universe), h).toEqual(written[h]);
      // Their grant names no kind their code does not write (the ledger's come with ledger:append).
      const granted = resolveHandlers()
        .find((r) => r.name === h)
        ?.access.flatMap((c) => (c in DOC_WRITES ? [...DOC_WRITES[c as keyof typeof DOC_WRITES]] : []));
      expect(granted?.sort(), h).toEqual(written[h]?.filter((k) => !LEDGER.includes(k)));
    }
  });

  it('the read-only functions’ code writes no item', () => {
    for (const h of ['health', 'openapi', 'catalog', 'download', 'query', 'queryJobs', 'sql', 'metrics', 'feeds'])
      expect(written[h], h).toEqual([]);
  });
});

describe('what the internet-facing roles may write (reviewed)', () => {
  const MAY_PUT: Record<(typeof NARROW)[number], string[]> = {
    feedback: ['feedback', 'feedback-rater', ...LEDGER],
    requests: ['datarequest', 'datarequest-vote', ...LEDGER],
    webhooks: ['webhook', 'webhook-delivery', 'webhook-due', 'webhook-event', 'webhook-sweep'],
    keys: ['apikey', ...LEDGER],
  };
  const SAMPLES = [...new Set([...Object.values(MAY_PUT).flat(), ...OTHER_KINDS])];

  for (const h of NARROW) {
    it(`${h}: puts ${MAY_PUT[h].filter((k) => !LEDGER.includes(k)).join(', ')}${h === 'webhooks' ? '' : ' and the ledger'}; updates, deletes and batch-writes nothing but counters`, () => {
      expect(writable(h, 'dynamodb:PutItem', SAMPLES)).toEqual([...MAY_PUT[h]].sort());
      for (const action of WRITES.slice(1)) expect(writable(h, action, SAMPLES), `${h} ${action}`).toEqual([]);
      // Never a dataset entry or version, a release or the roles directory; an API key only for keys.
      for (const k of ['DS#air', 'release#r1', 'role-state#current'])
        expect(allows(h, 'dynamodb:PutItem', [k]), `${h} ${k}`).toBe(false);
      expect(allows(h, 'dynamodb:PutItem', ['apikey#k1']), h).toBe(h === 'keys');
      // Counters stay as counters:write grants them.
      expect(allows(h, 'dynamodb:UpdateItem', ['CTR#ip:x']), h).toBe(true);
    });
  }

  it('a key that only starts like a granted kind is not granted (the # ends the kind)', () => {
    expect(allows('feedback', 'dynamodb:PutItem', ['feedbackx#1'])).toBe(false);
    expect(allows('webhooks', 'dynamodb:PutItem', ['webhooks#1'])).toBe(false);
    expect(allows('requests', 'dynamodb:PutItem', ['datarequest-votes#1'])).toBe(false);
  });

  it('the release functions put datasets, versions and releases, PutItem only', () => {
    for (const h of ['releases', 'ingest'])
      for (const action of WRITES)
        expect(allows(h, action, ['DS#air', 'release#r1']), `${h} ${action}`).toBe(action === 'dynamodb:PutItem');
  });
});
