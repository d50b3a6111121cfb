/**
 * Opening and closing the search page's filter panel (site/src/components/FilterPanel.astro), a <details>
 * whose summary is its heading. The HTML has it closed, so a phone shows the results right under the
 * search box even before (or without) this script; here it is opened where the screen is wide enough
 * for the filters to sit above the results, and follows the width when it changes (a phone turned,
 * a window resized). Its summary says how many filters are chosen, and "show results" (shown on narrow
 * screens only, site.css) closes it and brings the results into view.
 */

/** The phone layout's width, as in site.css (`@media (max-width: 40rem)`). */
const NARROW = '(max-width: 40rem)';

export interface FilterToggle {
  /** The summary: where focus goes when what had it is gone (the last chip removed, "clear all"). */
  summary: HTMLElement;
  /** Says `n` chosen filters in the summary (nothing when 0). */
  setCount(n: number): void;
}

/**
 * Enhances the panel's <details> ([data-filter-toggle] in `root`); `countText` is the summary's
 * "{n} chosen". Undefined when the page has no such panel.
 */
export function enhanceFilterToggle(
  root: HTMLElement,
  countText: string,
  format: (n: number) => string,
): FilterToggle | undefined {
  const details = root.querySelector<HTMLDetailsElement>('details[data-filter-toggle]');
  const summary = details?.querySelector<HTMLElement>('summary');
  if (!details || !summary) return undefined;
  const count = summary.querySelector<HTMLElement>('[data-filter-count]');
  const done = details.querySelector<HTMLButtonElement>('[data-filter-done]');

  const narrow = window.matchMedia(NARROW);
  details.open = !narrow.matches;
  // From here the open state is the script's (site.css showed a wide screen's panel until now).
  details.dataset.ready = '';
  narrow.addEventListener('change', (e) => {
    details.open = !e.matches;
  });
  done?.addEventListener('click', () => {
    details.open = false;
    // The summary at the top of the screen, the chips and the results under it.
    summary.scrollIntoView({ block: 'start' });
    summary.focus({ preventScroll: true });
  });

  return {
    summary,
    setCount(n) {
      if (!count) return;
      count.textContent = n > 0 ? countText.replace('{n}', format(n)) : '';
      count.hidden = n === 0;
    },
  };
}
