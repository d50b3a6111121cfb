// SigV4A (the KeyValueStore API signs for every region, `*`): the pure-JS signer registers itself on
// import. The CRT signer (@aws-sdk/signature-v4-crt) would need a native binary in the bundle.
import '@aws-sdk/signature-v4a';
import {
  type CloudFrontKeyValueStoreClient,
  ConflictException,
  DescribeKeyValueStoreCommand,
  GetKeyCommand,
  ListKeysCommand,
  PutKeyCommand,
  ResourceNotFoundException,
  UpdateKeysCommand,
} from '@aws-sdk/client-cloudfront-keyvaluestore';
import { filesGateKey, GATE_PUBLISHED, gateWithdrawnValue, parseGateValue } from '../../core/catalog/files-gate.ts';
import type { CommittedVersion } from '../../ports/published-file-access.ts';

/** Attempts of one conditional write when other writers move the store's ETag meanwhile. */
const ATTEMPTS = 8;

/**
 * Keys one UpdateKeys call writes: the service's limit on puts and deletes per call. Values are at most
 * GATE_VALUE_MAX_BYTES (1 KB), so a full batch stays far below the request size limit too.
 */
export const UPDATE_KEYS_BATCH = 50;

/**
 * The files gate in AWS: a CloudFront KeyValueStore that the `/files/*` viewer-request function reads
 * (infra/constructs/files-gate-function.ts). Entry formats: core/catalog/files-gate.ts.
 *
 * Every write is conditional on the store's ETag (the KeyValueStore API requires it), so a write never
 * lands on a store that changed since it was decided: opening a version reads the ETag, then the
 * entry, and writes `published` only if the entry says nothing else — a withdrawal written in between
 * moves the ETag, the write fails and the retry sees the withdrawal. Nobody deletes entries (the
 * functions' IAM has no DeleteKey): a withdrawn version stays closed.
 */
export class KvsFilesGate {
  readonly client: CloudFrontKeyValueStoreClient;
  readonly kvsArn: string;
  constructor(client: CloudFrontKeyValueStoreClient, kvsArn: string) {
    this.client = client;
    this.kvsArn = kvsArn;
  }

  /** `published` unless the entry already says withdrawn. Returns what the entry says afterwards. */
  async open(datasetId: string, version: number): Promise<'published' | 'withdrawn'> {
    const key = filesGateKey(datasetId, version);
    return this.conditionally(async (etag) => {
      const current = await this.get(key);
      if (current !== undefined) return parseGateValue(current).state;
      await this.put(key, GATE_PUBLISHED, etag);
      return 'published';
    });
  }

  /** Withdrawn with `reason`, whatever the entry said. */
  async close(datasetId: string, version: number, reason: string): Promise<void> {
    const key = filesGateKey(datasetId, version);
    const value = gateWithdrawnValue(reason);
    await this.conditionally(async (etag) => {
      if ((await this.get(key)) !== value) await this.put(key, value, etag);
    });
  }

  /**
   * Opens and closes what the catalogue says and the store lacks: the store's ETag (read before the
   * listing, so any write after the listing moves it), one listing (50 keys a call), then the
   * differences in UpdateKeys calls of up to UPDATE_KEYS_BATCH puts, each naming the ETag the previous
   * one returned — closures first, since they keep withdrawn files from being served. A write by anyone
   * else meanwhile (a withdrawal) fails the next call, which changes nothing (a call is all or
   * nothing): list again, and write what still differs. Never sends a delete.
   */
  async reconcile(versions: readonly CommittedVersion[]): Promise<{ opened: number; closed: number }> {
    const done = { opened: 0, closed: 0 };
    for (let attempt = 1; ; attempt++) {
      let etag = await this.etag();
      const stored = await this.entries();
      try {
        const writes = differences(versions, stored);
        for (let i = 0; i < writes.length; i += UPDATE_KEYS_BATCH) {
          const batch = writes.slice(i, i + UPDATE_KEYS_BATCH);
          etag = await this.putBatch(batch, etag);
          for (const w of batch) done[w.counts]++;
        }
        return done;
      } catch (e) {
        if (!lostRace(e) || attempt >= ATTEMPTS) throw e;
        await backoff(attempt);
      }
    }
  }

  /** Every entry of the store (paginated listing). */
  async entries(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    let token: string | undefined;
    do {
      const r = await this.client.send(new ListKeysCommand({ KvsARN: this.kvsArn, NextToken: token, MaxResults: 50 }));
      for (const item of r.Items ?? []) if (item.Key !== undefined) out.set(item.Key, item.Value ?? '');
      token = r.NextToken;
    } while (token);
    return out;
  }

  private async get(key: string): Promise<string | undefined> {
    try {
      return (await this.client.send(new GetKeyCommand({ KvsARN: this.kvsArn, Key: key }))).Value;
    } catch (e) {
      if (e instanceof ResourceNotFoundException) return undefined;
      throw e;
    }
  }

  /** Writes `value` if the store is still at `etag`; returns the store's ETag after the write. */
  private async put(key: string, value: string, etag: string): Promise<string> {
    const r = await this.client.send(new PutKeyCommand({ KvsARN: this.kvsArn, Key: key, Value: value, IfMatch: etag }));
    if (!r.ETag) throw new Error(`the key value store ${this.kvsArn} reported no ETag after a write`);
    return r.ETag;
  }

  /** Writes every entry of `batch` in one all-or-nothing call if the store is still at `etag`. */
  private async putBatch(batch: readonly GateWrite[], etag: string): Promise<string> {
    const r = await this.client.send(
      new UpdateKeysCommand({
        KvsARN: this.kvsArn,
        IfMatch: etag,
        Puts: batch.map((w) => ({ Key: w.key, Value: w.value })),
      }),
    );
    if (!r.ETag) throw new Error(`the key value store ${this.kvsArn} reported no ETag after a write`);
    return r.ETag;
  }

  private async etag(): Promise<string> {
    const described = await this.client.send(new DescribeKeyValueStoreCommand({ KvsARN: this.kvsArn }));
    if (!described.ETag) throw new Error(`the key value store ${this.kvsArn} reported no ETag`);
    return described.ETag;
  }

  /** Runs `step` with the store's current ETag; again with a fresh one when a write lost a race. */
  private async conditionally<T>(step: (etag: string) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const etag = await this.etag();
      try {
        return await step(etag);
      } catch (e) {
        if (!lostRace(e) || attempt >= ATTEMPTS) throw e;
        await backoff(attempt);
      }
    }
  }
}

type GateWrite = { key: string; value: string; counts: 'opened' | 'closed' };

/**
 * The writes that make the store say what the catalogue says (a withdrawn entry keeps its reason),
 * closures before openings.
 */
function differences(versions: readonly CommittedVersion[], stored: ReadonlyMap<string, string>): GateWrite[] {
  const writes = versions.flatMap((v): GateWrite[] => {
    const key = filesGateKey(v.datasetId, v.version);
    const current = stored.get(key);
    if (v.state === 'withdrawn') {
      return current === undefined || parseGateValue(current).state !== 'withdrawn'
        ? [{ key, value: gateWithdrawnValue(v.reason), counts: 'closed' }]
        : [];
    }
    return current === undefined ? [{ key, value: GATE_PUBLISHED, counts: 'opened' }] : [];
  });
  return [...writes.filter((w) => w.counts === 'closed'), ...writes.filter((w) => w.counts === 'opened')];
}

/** A conditional write that named an ETag the store had moved past. */
const lostRace = (e: unknown): boolean =>
  e instanceof ConflictException ||
  (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 412;

const backoff = (attempt: number) => new Promise((r) => setTimeout(r, 50 * 2 ** attempt + Math.random() * 50));
