import { describe, expect, it } from 'vitest';
import { LocalUploadSigner } from '../../../functions/adapters/local/local-upload-signer.ts';

const SHA = 'a'.repeat(64);
const KEY = 'uploads/demo-stats/r-1/0-数据 file.csv';

describe('local presigned upload URLs', () => {
  let now = Date.parse('2026-11-22T08:00:00Z');
  const secret = new Uint8Array(32).fill(7);
  const signer = new LocalUploadSigner('http://localhost:8787/', { secret, now: () => now });

  it('allow exactly the signed key, size and hash until they expire', async () => {
    const url = new URL(await signer.signPut(KEY, { sha256: SHA, bytes: 42, expiresSeconds: 3600 }));
    expect(url.origin + url.pathname).toBe(
      `http://localhost:8787/uploads/${KEY.split('/').map(encodeURIComponent).join('/')}`,
    );
    expect(signer.verify(url)).toEqual({ key: KEY, sha256: SHA, bytes: 42 });
    now += 3_599_000;
    expect(signer.verify(url)).toEqual({ key: KEY, sha256: SHA, bytes: 42 });
    now += 2_000;
    expect(signer.verify(url)).toEqual({
      error: expect.stringMatching(/expired/),
      zh: expect.stringMatching(/已过期/),
    });
  });

  it('refuse a changed parameter, another key, or another signing secret', async () => {
    const url = new URL(await signer.signPut(KEY, { sha256: SHA, bytes: 42, expiresSeconds: 60 }));
    for (const [name, value] of [
      ['bytes', '43'],
      ['sha256', 'b'.repeat(64)],
      ['expires', String(Math.floor(now / 1000) + 999_999)],
    ] as const) {
      const changed = new URL(url);
      changed.searchParams.set(name, value);
      expect(signer.verify(changed), name).toEqual({
        error: expect.stringMatching(/does not match its signature/),
        zh: expect.stringMatching(/签名不符/),
      });
    }
    const moved = new URL(url);
    moved.pathname = moved.pathname.replace('r-1', 'r-2');
    expect(signer.verify(moved)).toEqual({
      error: expect.stringMatching(/signature/),
      zh: expect.stringMatching(/签名/),
    });
    const other = new LocalUploadSigner('http://localhost:8787', {
      secret: new Uint8Array(32).fill(8),
      now: () => now,
    });
    expect(other.verify(url)).toEqual({ error: expect.stringMatching(/signature/), zh: expect.stringMatching(/签名/) });
    const stripped = new URL(url);
    stripped.searchParams.delete('sha256');
    expect(signer.verify(stripped)).toEqual({
      error: expect.stringMatching(/incomplete/),
      zh: expect.stringMatching(/不完整/),
    });
  });
});
