/**
 * Progressive enhancement of a form that also works as a plain HTML post (303 back to the page): with
 * JavaScript it posts JSON and answers in place, in `status`. Empty fields are left out, as the plain
 * post is read (functions/http/form-body.ts): an optional field must not arrive as "".
 */
export function postFormAsJson(form: HTMLFormElement, status: HTMLElement | null): void {
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data: Record<string, FormDataEntryValue> = {};
    for (const [k, v] of new FormData(form)) if (v !== '' && k !== 'returnTo') data[k] = v;
    const res = await fetch(form.action, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(data),
    });
    const body = await res.json().catch(() => ({}));
    if (status) {
      status.textContent = res.ok
        ? (status.dataset.sentMessage ?? '')
        : [
            body.detail,
            ...(body.errors ?? []).map((e: { where: string; message: string }) => `${e.where}: ${e.message}`),
          ]
            .filter(Boolean)
            .join(' — ') || String(res.status);
    }
    if (res.ok) form.reset();
  });
}
