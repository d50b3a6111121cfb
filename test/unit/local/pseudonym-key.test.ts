import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, describe, expect, it } from 'vitest';
import { SecretsManagerProvider } from '../../../functions/adapters/aws/secrets-manager-provider.ts';
import { LocalSecretProvider } from '../../../functions/adapters/local/local-secret-provider.ts';
import {
  PseudonymKeyFormatError,
  type PseudonymKeyProblem,
  parsePseudonymKey,
} from '../../../functions/core/protection/pseudonym-key.ts';

const SOURCE = 'the secret arn:aws:secretsmanager:ap-east-1:123456789012:secret:pseudonym';
const key32 = randomBytes(32);
const key48 = randomBytes(48);
/** What the data stack generates: 64 letters and digits (generateSecretString, excludePunctuation). */
const stackGenerated = 'Q7mZk2VtR9xLp4NcW8sHj3YbF6gDa1Ue5KoPq0Ti7Mn2Lr8Xz4Cv9Bw3Sy6Ed1Hf';

function refusal(value: string): PseudonymKeyFormatError {
  try {
    parsePseudonymKey(value, SOURCE);
  } catch (e) {
    expect(e).toBeInstanceOf(PseudonymKeyFormatError);
    return e as PseudonymKeyFormatError;
  }
  throw new Error('accepted');
}

describe('parsePseudonymKey accepts', () => {
  it.each([
    ['64 hex characters (openssl rand -hex 32)', key32.toString('hex'), key32],
    ['64 hex characters in capitals', key32.toString('hex').toUpperCase(), key32],
    ['64 hex characters with a trailing line break (echo > file)', `${key32.toString('hex')}\n`, key32],
    ['base64 of 32 bytes, padded (openssl rand -base64 32)', key32.toString('base64'), key32],
    ['base64 of 48 bytes', key48.toString('base64'), key48],
    [
      'the data stack’s 64 letters and digits, as base64 (48 bytes, as before)',
      stackGenerated,
      Buffer.from(stackGenerated, 'base64'),
    ],
  ])('%s', (_, value, bytes) => {
    expect(Buffer.from(parsePseudonymKey(value, SOURCE))).toEqual(Buffer.from(bytes));
  });

  it('reads the same bytes as before for every value it accepts (no pseudonym changes silently)', () => {
    // The former rule: hex when it looked like hex of even length, else base64.
    const former = (s: string) =>
      /^[0-9a-f]+$/i.test(s) && s.length % 2 === 0 ? Buffer.from(s, 'hex') : Buffer.from(s, 'base64');
    for (const v of [key32.toString('hex'), key32.toString('base64'), key48.toString('base64'), stackGenerated]) {
      expect(Buffer.from(parsePseudonymKey(v, SOURCE))).toEqual(former(v));
    }
  });
});

describe('parsePseudonymKey refuses, saying what is wrong and never the value', () => {
  const hex = key32.toString('hex');
  const b64 = key32.toString('base64');
  const cases: Array<[string, string, PseudonymKeyProblem]> = [
    ['an empty value', '   \n', 'empty'],
    ['a JSON key/value secret', JSON.stringify({ pseudonymKey: hex }), 'json'],
    ['a passphrase', 'correct horse battery staple', 'whitespace'],
    ['a passphrase without spaces', 'Tr0ub4dor&3-is-my-key!', 'not-hex-or-base64'],
    [
      'base64 wrapped over two lines',
      `${randomBytes(64).toString('base64').slice(0, 64)}\n${'A'.repeat(24)}`,
      'whitespace',
    ],
    ['truncated hex (63 characters)', hex.slice(0, 63), 'hex-length'],
    ['hex of 16 bytes', hex.slice(0, 32), 'hex-length'],
    ['hex of 64 bytes (128 characters: base64 would read it as another key)', hex + hex, 'hex-length'],
    ['truncated base64 (padding cut off)', b64.slice(0, -1), 'base64-padding'],
    ['truncated base64 (a character lost)', `${b64.slice(0, 42)}=`, 'base64-padding'],
    ['base64 with padding inside', `${b64.slice(0, 20)}==${b64.slice(22)}`, 'not-hex-or-base64'],
    ['base64 of 16 bytes', randomBytes(16).toString('base64'), 'too-short'],
    ['base64 of 3 bytes', 'QUJD', 'too-short'],
    ['URL-safe base64', `${'-_'.repeat(21)}A=`, 'url-safe-base64'],
    ['non-ASCII characters', `密钥${hex.slice(0, 60)}`, 'not-hex-or-base64'],
  ];
  it.each(cases)('%s', (_, value, problem) => {
    const e = refusal(value);
    expect(e.name).toBe('PseudonymKeyFormatError');
    expect(e.problem).toBe(problem);
    expect(e.source).toBe(SOURCE);
    expect(e.message).toContain(SOURCE);
    expect(e.hint.length).toBeGreaterThan(20);
    const trimmed = value.trim();
    if (trimmed.length >= 4) {
      expect(e.message).not.toContain(trimmed);
      // Not even a recognisable piece of it.
      for (let i = 0; i + 12 <= trimmed.length; i += 6) expect(e.message).not.toContain(trimmed.slice(i, i + 12));
    }
    expect(JSON.stringify(e)).not.toContain(trimmed.length >= 4 ? trimmed : '\u0000');
  });

  it('non-canonical base64 (bits no byte uses): truncated or mistyped', () => {
    // 32 bytes → 44 characters with one `=`: the character before it carries two bits no byte uses.
    const canonical = randomBytes(32).toString('base64');
    const last = canonical.at(-2) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const tweaked = `${canonical.slice(0, -2)}${alphabet[alphabet.indexOf(last) ^ 1]}=`;
    expect(refusal(tweaked).problem).toBe('base64-not-canonical');
  });

  it('tells how to fix it: the hex form, and that a new key changes later pseudonyms', () => {
    const e = refusal('hunter2');
    expect(e.message).toContain('openssl rand -hex 32');
    expect(e.message).toContain('Rotating the pseudonymization secret');
    expect(refusal(`${'-_'.repeat(21)}A=`).hint).toMatch(/standard base64.*stay the same/);
  });
});

/** Secrets Manager itself cannot run here: a client answering GetSecretValue with the stored string. */
function secretsClient(values: Array<string | undefined>) {
  let calls = 0;
  const client = {
    send: async () => {
      const v = values[Math.min(calls, values.length - 1)];
      calls++;
      return v === undefined ? { SecretBinary: new Uint8Array([1]) } : { SecretString: v };
    },
  } as unknown as SecretsManagerClient;
  return { client, calls: () => calls };
}

describe('SecretsManagerProvider', () => {
  const arn = 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:pseudonym';

  it('reads the key once per container', async () => {
    const c = secretsClient([stackGenerated]);
    const p = new SecretsManagerProvider(c.client, arn);
    expect(Buffer.from(await p.pseudonymKey())).toEqual(Buffer.from(stackGenerated, 'base64'));
    await p.pseudonymKey();
    expect(c.calls()).toBe(1);
  });

  it('refuses a pasted JSON secret with a named error, and reads the fixed secret on the next call', async () => {
    const json = JSON.stringify({ key: key32.toString('hex') });
    const c = secretsClient([json, key32.toString('hex')]);
    const p = new SecretsManagerProvider(c.client, arn);
    const e = await p.pseudonymKey().catch((err: unknown) => err);
    expect(e).toBeInstanceOf(PseudonymKeyFormatError);
    expect((e as PseudonymKeyFormatError).problem).toBe('json');
    expect((e as Error).message).toContain(arn);
    expect((e as Error).message).not.toContain(key32.toString('hex'));
    expect(Buffer.from(await p.pseudonymKey())).toEqual(key32);
    expect(c.calls()).toBe(2);
  });

  it('refuses a binary secret (no SecretString)', async () => {
    const p = new SecretsManagerProvider(secretsClient([undefined]).client, arn);
    await expect(p.pseudonymKey()).rejects.toMatchObject({ name: 'PseudonymKeyFormatError', problem: 'empty' });
  });
});

describe('LocalSecretProvider', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });
  const fresh = async () => {
    const d = await mkdtemp(join(tmpdir(), 'opendata-key-'));
    dirs.push(d);
    return join(d, 'secrets', 'pseudonym.key');
  };

  it('generates 64 hex characters (mode 0600) at first start and reads them back', async () => {
    const path = await fresh();
    const key = await new LocalSecretProvider(path).pseudonymKey();
    const text = await readFile(path, 'utf8');
    expect(text).toMatch(/^[0-9a-f]{64}$/);
    expect(Buffer.from(key)).toEqual(Buffer.from(text, 'hex'));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(Buffer.from(await new LocalSecretProvider(path).pseudonymKey())).toEqual(Buffer.from(key));
  });

  it('refuses a replaced key file that is not a key, naming the file, and reads it again once fixed', async () => {
    const path = await fresh();
    await new LocalSecretProvider(path).pseudonymKey();
    await writeFile(path, 'my secret passphrase\n');
    const p = new LocalSecretProvider(path);
    const e = await p.pseudonymKey().catch((err: unknown) => err);
    expect(e).toMatchObject({ name: 'PseudonymKeyFormatError', problem: 'whitespace' });
    expect((e as Error).message).toContain(path);
    expect((e as Error).message).not.toContain('passphrase\n');
    expect((e as Error).message).not.toContain('my secret');
    await writeFile(path, key32.toString('hex'));
    expect(Buffer.from(await p.pseudonymKey())).toEqual(key32);
  });

  it('refuses a truncated key file (formerly read as a shorter key)', async () => {
    const path = await fresh();
    await new LocalSecretProvider(path).pseudonymKey();
    await writeFile(path, key32.toString('hex').slice(0, 40));
    await expect(new LocalSecretProvider(path).pseudonymKey()).rejects.toMatchObject({ problem: 'hex-length' });
  });
});
