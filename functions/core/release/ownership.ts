import { forbidden } from '../errors.ts';

/**
 * A dataset belongs to the department that published it. A release whose manifest names another
 * publisher would otherwise replace its data, move the catalogue entry to that department and hand it
 * the right to withdraw the owner's versions: refused, when the release is opened and again when it is
 * published (two departments racing for a new id).
 */
export function refuseForeignRelease(datasetId: string, owner: string | undefined, publisher: string): void {
  if (owner === undefined || owner === publisher) return;
  throw forbidden({
    detail: `dataset "${datasetId}" is published by department "${owner}": a release of department "${publisher}" may not replace it`,
    hint: `give the dataset another id, or ask department "${owner}" to release this version; moving a dataset to another department is not supported`,
    zh: {
      detail: `数据集“${datasetId}”由部门“${owner}”发布：部门“${publisher}”的发布申请不能替换它`,
      hint: `请给数据集换一个 id，或请部门“${owner}”发布这个版本；不支持把数据集转到另一个部门`,
    },
  });
}
