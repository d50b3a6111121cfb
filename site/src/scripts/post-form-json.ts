import type { Language } from '../lib/types.ts';
import {
  type ExplainOptions,
  explainProblem,
  type FieldLimits,
  type NoAnswer,
  type Problem,
  problemFromQuery,
} from './form-problem.ts';

/** The page's language (the <html lang> of the layout). */
const pageLang = (): Language => (document.documentElement.lang === 'en' ? 'en' : 'zh-CN');

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
const isControl = (e: unknown): e is Control =>
  e instanceof HTMLInputElement || e instanceof HTMLTextAreaElement || e instanceof HTMLSelectElement;

/** The fields people fill in (not the hidden returnTo, not the honeypot), with their length limits. */
function fieldsOf(form: HTMLFormElement): Map<string, FieldLimits> {
  const out = new Map<string, FieldLimits>();
  for (const el of Array.from(form.elements)) {
    if (!isControl(el) || !el.name || el.type === 'hidden' || el.name === 'website') continue;
    const min = 'minLength' in el && el.minLength > 0 ? el.minLength : undefined;
    const max = 'maxLength' in el && el.maxLength > 0 ? el.maxLength : undefined;
    // A minimum that counts a CJK character as 2 (weighted-min-length.ts): minlength is then its fewest characters.
    const minWeighted = Number(el.dataset.minWeight) || undefined;
    out.set(el.name, { ...(min ? { min } : {}), ...(max ? { max } : {}), ...(minWeighted ? { minWeighted } : {}) });
  }
  return out;
}

/** Removes the messages of an earlier attempt. */
function clearProblem(form: HTMLFormElement, status: HTMLElement | null): void {
  for (const note of Array.from(form.querySelectorAll('.field-error'))) note.remove();
  for (const el of Array.from(form.querySelectorAll('[aria-invalid]'))) {
    el.removeAttribute('aria-invalid');
    const rest = (el.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && !id.endsWith('-error'));
    if (rest.length) el.setAttribute('aria-describedby', rest.join(' '));
    else el.removeAttribute('aria-describedby');
  }
  if (status) delete status.dataset.state;
}

/**
 * Shows a refused submission in the page's language: each field's message right after it (tied to it
 * with aria-describedby, the field marked aria-invalid), the form's message in `status`, and focus on
 * the first field to correct, else on the status (which sits by the submit button: seen, and read).
 */
function showProblem(
  form: HTMLFormElement,
  status: HTMLElement | null,
  problem: Problem,
  httpStatus: number,
  noAnswer?: NoAnswer,
): void {
  clearProblem(form, status);
  const options: ExplainOptions = {
    ...(noAnswer ? { noAnswer } : {}),
    ...(form.dataset.personalDataHint ? { personalDataHint: form.dataset.personalDataHint } : {}),
  };
  const { fields, summary } = explainProblem(problem, httpStatus, pageLang(), fieldsOf(form), options);
  const prefix = form.id || form.dataset.problemAnchor || 'form';
  let first: Control | null = null;
  for (const [name, message] of fields) {
    const item = form.elements.namedItem(name);
    const controls = (item instanceof RadioNodeList ? Array.from(item) : [item]).filter(isControl);
    const control = controls[0];
    if (!control) continue;
    const note = document.createElement('span');
    note.className = 'field-error';
    note.id = `${prefix}-${name}-error`;
    note.textContent = message;
    // A radio group's message goes at the end of its fieldset; a field's at the end of its line.
    const line = control.type === 'radio' ? control.closest('fieldset') : control.closest('p');
    if (line) line.append(note);
    else control.after(note);
    for (const c of controls) {
      c.setAttribute('aria-invalid', 'true');
      c.setAttribute('aria-describedby', `${c.getAttribute('aria-describedby') ?? ''} ${note.id}`.trim());
    }
    first ??= control;
  }
  if (status) {
    status.dataset.state = 'error';
    status.textContent = summary;
  }
  if (first) {
    first.focus();
    // The form's message sits by its button, below the fields: bring it into view too.
    status?.scrollIntoView({ block: 'nearest' });
  } else focusStatus(status);
}

/** Moves focus to the status line (made focusable for it): a keyboard user's view follows, a screen reader reads it. */
function focusStatus(status: HTMLElement | null): void {
  if (!status) return;
  if (!status.hasAttribute('tabindex')) status.tabIndex = -1;
  status.focus();
}

/**
 * Why a fetch got no answer: a Content-Security-Policy violation for its URL (reported as an event,
 * possibly just after the rejection), the browser being offline, or unknown.
 */
async function whyNoAnswer(violations: readonly string[], url: string): Promise<NoAnswer> {
  await new Promise((r) => setTimeout(r, 50));
  if (violations.some((blocked) => blocked !== '' && url.startsWith(blocked))) return 'blocked';
  if (!navigator.onLine) return 'offline';
  return 'network';
}

/**
 * Progressive enhancement of a form that also works as a plain HTML post (303 back to the page): with
 * JavaScript it posts JSON and answers in place, in `status`; a refusal is explained field by field in
 * the page's language. Empty fields are left out, as the plain post is read (functions/http/form-body.ts):
 * an optional field must not arrive as "". A plain post that came back refused
 * (`?error=…&field=…#<data-problem-anchor>`) is explained the same way when the page loads.
 */
export function postFormAsJson(form: HTMLFormElement, status: HTMLElement | null): void {
  const back = problemFromQuery(location.search);
  if (back && form.dataset.problemAnchor && location.hash === `#${form.dataset.problemAnchor}`)
    showProblem(form, status, back.problem, back.status);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearProblem(form, status);
    const data: Record<string, FormDataEntryValue> = {};
    for (const [k, v] of new FormData(form)) if (v !== '' && k !== 'returnTo') data[k] = v;
    let res: Response;
    const violations: string[] = [];
    const onViolation = (e: SecurityPolicyViolationEvent) => void violations.push(e.blockedURI);
    document.addEventListener('securitypolicyviolation', onViolation);
    try {
      res = await fetch(form.action, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(data),
      });
    } catch {
      const why = await whyNoAnswer(violations, form.action);
      showProblem(form, status, {}, 0, why);
      return;
    } finally {
      document.removeEventListener('securitypolicyviolation', onViolation);
    }
    if (!res.ok) {
      showProblem(form, status, await res.json().catch(() => ({})), res.status);
      return;
    }
    if (status) status.textContent = status.dataset.sentMessage ?? '';
    form.reset();
    focusStatus(status);
  });
}
