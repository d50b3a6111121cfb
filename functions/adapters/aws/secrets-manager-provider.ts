import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parsePseudonymKey } from '../../core/protection/pseudonym-key.ts';
import type { SecretProvider } from '../../ports/secrets.ts';

/**
 * The pseudonymization key from Secrets Manager, cached per container. The SecretString is the key
 * itself: exactly 64 hex characters, or standard base64 of at least 32 bytes (the data stack generates
 * 64 letters and digits); anything else is refused with a PseudonymKeyFormatError naming the problem,
 * never the value (parsePseudonymKey).
 */
export class SecretsManagerProvider implements SecretProvider {
  private key?: Promise<Uint8Array>;
  readonly client: SecretsManagerClient;
  readonly secretArn: string;
  constructor(client: SecretsManagerClient, secretArn: string) {
    this.client = client;
    this.secretArn = secretArn;
  }
  pseudonymKey(): Promise<Uint8Array> {
    // A failure is not kept: once the secret is fixed, the next call reads it again (no new container needed).
    this.key ??= this.read().catch((e: unknown) => {
      this.key = undefined;
      throw e;
    });
    return this.key;
  }
  private async read(): Promise<Uint8Array> {
    const r = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretArn }));
    if (r.SecretString === undefined) {
      // A binary secret (SecretBinary) is not what the stack creates nor what rotation puts.
      return parsePseudonymKey('', `the secret ${this.secretArn} (it has no SecretString)`);
    }
    return parsePseudonymKey(r.SecretString, `the secret ${this.secretArn}`);
  }
}
