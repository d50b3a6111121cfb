import { badRequest } from '../core/errors.ts';

/**
 * Base64 as RFC 4648 writes it (standard alphabet; padding optional; line breaks, as MIME encoders wrap
 * it, ignored). Node's decoder skips whatever is not in the alphabet, so "!!!notbase64@@" would decode
 * to a few stray bytes and become a release whose checks fail with a misleading "empty file".
 */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The bytes of a file sent inline (`files[i].contentBase64` of POST /v1/releases), or a 400 naming the
 * file when the text is not base64: refused before anything is stored, so no release is created.
 */
export function decodeInlineFile(name: string, index: number, contentBase64: string): Buffer {
  const text = contentBase64.replace(/[\r\n\t ]/g, '');
  const padded = text.includes('=');
  const valid = BASE64.test(text) && (padded ? text.length % 4 === 0 : text.length % 4 !== 1);
  if (!valid) {
    throw badRequest({
      detail: `file "${name}" is not valid base64: its contentBase64 holds characters or a length base64 does not have`,
      hint: "send each file's bytes base64-encoded (RFC 4648, A-Z a-z 0-9 + /, = padding), e.g. `base64 -w0 data.csv`; or announce it as {name, bytes, sha256} and PUT it to the upload URL",
      zh: {
        detail: `文件“${name}”不是有效的 base64：它的 contentBase64 含有 base64 没有的字符，或长度不对`,
        hint: '请把每个文件的字节按 base64 编码后发送（RFC 4648，A-Z a-z 0-9 + /，用 = 补位），例如 `base64 -w0 data.csv`；或者以 {name, bytes, sha256} 声明文件，再用 PUT 上传到上传地址',
      },
      errors: [
        {
          where: `body.files.${index}.contentBase64`,
          message: `file "${name}": not valid base64`,
          zh: { message: `文件“${name}”：不是有效的 base64` },
        },
      ],
    });
  }
  return Buffer.from(text, 'base64');
}
