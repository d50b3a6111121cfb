import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretProvider } from '../../ports/secrets.ts';

/** The pseudonymization key from Secrets Manager (hex or base64 SecretString), cached per container. */
export class SecretsManagerProvider implements SecretProvider {
  private key?: Promise<Uint8Array>;
  readonly client: SecretsManagerClient;
  readonly secretArn: string;
  constructor(client: SecretsManagerClient, secretArn: string) {
    this.client = client;
    this.secretArn = secretArn;
  }
  pseudonymKey(): Promise<Uint8Array> {
    this.key ??= (async () => {
      const r = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretArn }));
      const s = r.SecretString?.trim();
      if (!s) throw new Error('the pseudonymization secret is empty');
      return /^[0-9a-f]+$/i.test(s) && s.length % 2 === 0 ? Buffer.from(s, 'hex') : Buffer.from(s, 'base64');
    })();
    return this.key;
  }
}
