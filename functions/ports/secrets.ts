/** The platform's pseudonymization key (Secrets Manager in AWS, a local key file outside the repo). */
export interface SecretProvider {
  /** Returns the HMAC key bytes. Never log them. */
  pseudonymKey(): Promise<Uint8Array>;
}
