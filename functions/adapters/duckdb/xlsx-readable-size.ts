/** A byte count as people read it: 512 MB, 37 KB, 120 bytes. */
export function readableSize(bytes: number): string {
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2).toLocaleString('en-US')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024).toLocaleString('en-US')} KB`;
  return `${bytes} bytes`;
}
