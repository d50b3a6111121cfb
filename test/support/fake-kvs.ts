import {
  type CloudFrontKeyValueStoreClient,
  ConflictException,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-cloudfront-keyvaluestore';

/**
 * A CloudFront KeyValueStore stand-in for unit tests: the data-plane commands the files gate sends
 * (Describe, GetKey, PutKey, UpdateKeys, ListKeys), with the store-wide ETag every write must name (a
 * stale one is a ConflictException, as the service answers), and a missing key a
 * ResourceNotFoundException. UpdateKeys is all or nothing, at most 50 keys (a ValidationException
 * above, as the service's limit). `beforePut` runs before each write is applied (to inject a
 * concurrent writer); `batches` records the size of each UpdateKeys call.
 */
export class FakeKvs {
  readonly entries = new Map<string, string>();
  readonly calls: string[] = [];
  etag = 1;
  beforePut?: () => void;
  readonly batches: number[] = [];
  readonly deletes: string[] = [];

  /** What the functions' SDK client would be. */
  get client(): CloudFrontKeyValueStoreClient {
    return { send: (command: unknown) => this.send(command) } as unknown as CloudFrontKeyValueStoreClient;
  }

  /** Writes as another writer would (moves the ETag). */
  write(key: string, value: string): void {
    this.entries.set(key, value);
    this.etag++;
  }

  /** The handle a CloudFront Function gets from `cf.kvs()` (throws on a missing key, as documented). */
  handle() {
    return {
      get: async (key: string) => {
        const v = this.entries.get(key);
        if (v === undefined) throw new Error(`key not found: ${key}`);
        return v;
      },
      exists: async (key: string) => this.entries.has(key),
    };
  }

  private async send(command: unknown): Promise<unknown> {
    const name = (command as { constructor: { name: string } }).constructor.name;
    const input = (command as { input: Record<string, string | number | undefined> }).input;
    this.calls.push(name);
    const meta = { $metadata: {}, message: 'fake' };
    switch (name) {
      case 'DescribeKeyValueStoreCommand':
        return { ETag: `E${this.etag}`, ItemCount: this.entries.size, KvsARN: input.KvsARN };
      case 'GetKeyCommand': {
        const v = this.entries.get(String(input.Key));
        if (v === undefined) throw new ResourceNotFoundException(meta);
        return { Key: input.Key, Value: v };
      }
      case 'PutKeyCommand': {
        this.beforePut?.();
        if (input.IfMatch !== `E${this.etag}`) throw new ConflictException(meta);
        this.write(String(input.Key), String(input.Value));
        return { ETag: `E${this.etag}` };
      }
      case 'UpdateKeysCommand': {
        const batch = command as {
          input: { IfMatch?: string; Puts?: Array<{ Key: string; Value: string }>; Deletes?: Array<{ Key: string }> };
        };
        const puts = batch.input.Puts ?? [];
        const deletes = batch.input.Deletes ?? [];
        if (puts.length + deletes.length > 50) throw new ValidationException(meta);
        this.beforePut?.();
        if (batch.input.IfMatch !== `E${this.etag}`) throw new ConflictException(meta);
        this.batches.push(puts.length + deletes.length);
        for (const p of puts) this.entries.set(p.Key, p.Value);
        for (const d of deletes) {
          this.deletes.push(d.Key);
          this.entries.delete(d.Key);
        }
        this.etag++;
        return { ETag: `E${this.etag}`, ItemCount: this.entries.size };
      }
      case 'ListKeysCommand': {
        const all = [...this.entries].sort(([a], [b]) => a.localeCompare(b));
        const start = Number(input.NextToken ?? 0);
        const size = Number(input.MaxResults ?? 50);
        const page = all.slice(start, start + size).map(([Key, Value]) => ({ Key, Value }));
        return { Items: page, ...(start + size < all.length ? { NextToken: String(start + size) } : {}) };
      }
      default:
        throw new Error(`fake KVS: unexpected ${name}`);
    }
  }
}
