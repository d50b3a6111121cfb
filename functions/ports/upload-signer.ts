/** Presigned upload URLs into the private raw store (AWS: S3 PUT URLs). Absent locally: uploads go in the body. */
export interface UploadSigner {
  signPut(key: string, options: { sha256: string; bytes: number; expiresSeconds: number }): Promise<string>;
}
