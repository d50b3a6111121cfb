import { cleanText } from '../../../functions/core/feedback/sanitize.ts';
import { weightedLength } from '../../../functions/core/feedback/text-length.ts';

/**
 * The API's minimum text lengths count a Chinese, Japanese or Korean character as 2
 * (functions/core/feedback/text-length.ts), which `minlength` cannot say: each field with
 * `data-min-weight` gets a custom validity, so the browser refuses a text below it, before anything is
 * sent, with the field's `data-min-message`. Its `minlength` is the fewest characters that can meet it.
 */
export function checkWeightedMinimums(root: ParentNode = document): void {
  for (const field of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('[data-min-weight]')) {
    const check = () => {
      // Cleaned as the API cleans it (markup removed) before it is measured: the same verdict.
      const text = cleanText(field.value);
      const short = text !== '' && weightedLength(text) < Number(field.dataset.minWeight);
      field.setCustomValidity(short ? (field.dataset.minMessage ?? '') : '');
    };
    field.addEventListener('input', check);
    check();
  }
}
