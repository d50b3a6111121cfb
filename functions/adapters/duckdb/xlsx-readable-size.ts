/** A byte count as people read it: 512 MB, 37 KB, 120 bytes (`zh`: 120 字节). */
export function readableSize(bytes: number, lang: 'en' | 'zh' = 'en'): string {
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2).toLocaleString('en-US')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024).toLocaleString('en-US')} KB`;
  return lang === 'zh' ? `${bytes} 字节` : `${bytes} bytes`;
}
