import { enhanceFilterToggle } from './filter-toggle.ts';
import {
  DIMENSIONS,
  type Dimension,
  type FacetCounts,
  type Filters,
  knownFilters,
  SORTS,
  type Sort,
} from './search-filters.ts';

/**
 * The search page's filter panel (site/src/components/FilterPanel.astro), enhanced: the static facet
 * links (one page per value, what works without JavaScript) give way to checkboxes, one fieldset per
 * dimension, whose counts follow the current query and filters. Chosen filters are also listed as
 * removable chips, with "clear all", outside the panel's <details> (filter-toggle.ts: closed on phones,
 * open on wide screens), so they show above the results either way. The panel reports changes; search.ts
 * searches, keeps the URL, and hands the answer's counts back (update).
 *
 * Which values show: those with a count, and every chosen one (a chosen value at 0 stays, to be
 * unticked); the first SHOWN of them per dimension until "show all" is pressed. Values are never
 * reordered (the build's order, most datasets first), so the boxes do not move under the pointer; a
 * value the build did not know (published since) is added at the end once an API answer counts it.
 * A value from the URL that neither the build nor an answer listed is not ticked, shown or searched
 * (search-filters.ts knownFilters).
 *
 * The sort select (outside the <details>, so a phone sees it with the panel closed) is shown here: it
 * means nothing without the script. Changing it is a change like a filter's (a history entry).
 */

/** Values shown per dimension before "show all". */
const SHOWN = 6;

export interface FilterPanel {
  /** The ticked values, per dimension, in the panel's order. */
  filters(): Filters;
  /**
   * Ticks exactly these values (from the URL) among those the panel lists (the build's, and those of
   * the API's answers so far); says whether it left any out (the URL should drop them).
   */
  set(f: Filters): boolean;
  /** Shows these counts (the answer's), or the build's counts of the whole catalogue (undefined). */
  update(counts: FacetCounts | undefined): void;
  /** The chosen order (the sort select), undefined for the API's default. */
  sort(): Sort | undefined;
  /** Chooses this order (from the URL); undefined is the default. */
  setSort(s: Sort | undefined): void;
}

interface Group {
  dim: Dimension;
  title: string;
  fieldset: HTMLFieldSetElement;
  list: HTMLUListElement;
  more: HTMLButtonElement;
  expanded: boolean;
}

/**
 * Enhances the panel `root` ([data-facet-panel]); `onChange` is called after the user changed the
 * filters (a box, a chip, "clear all"). Undefined when the page has no panel.
 */
export function enhanceFilterPanel(
  root: HTMLElement | null,
  lang: 'zh-CN' | 'en',
  onChange: () => void,
): FilterPanel | undefined {
  const form = root?.querySelector<HTMLElement>('[data-filter-form]');
  const chips = root?.querySelector<HTMLElement>('[data-chips]');
  const chipList = chips?.querySelector('ul');
  const clear = chips?.querySelector<HTMLButtonElement>('[data-clear]');
  if (!root || !form || !chips || !chipList || !clear) return undefined;
  const text = root.dataset;
  const fill = (s: string | undefined, vars: Record<string, string | number>) =>
    (s ?? '').replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
  const number = new Intl.NumberFormat(lang);
  const toggle = enhanceFilterToggle(root, text.count ?? '', (n) => number.format(n));
  if (!toggle) return undefined;

  const groups: Group[] = [];
  for (const fieldset of root.querySelectorAll<HTMLFieldSetElement>('fieldset[data-dim]')) {
    const dim = fieldset.dataset.dim as Dimension;
    const list = fieldset.querySelector('ul');
    const more = fieldset.querySelector<HTMLButtonElement>('button[data-more]');
    if (!DIMENSIONS.includes(dim) || !list || !more) continue;
    const g: Group = { dim, title: fieldset.dataset.title ?? dim, fieldset, list, more, expanded: false };
    more.addEventListener('click', () => {
      g.expanded = !g.expanded;
      layout(g);
    });
    groups.push(g);
  }

  const items = (g: Group) => [...g.list.querySelectorAll<HTMLLIElement>('li[data-value]')];
  const box = (li: HTMLLIElement) => li.querySelector<HTMLInputElement>('input[type=checkbox]')!;
  const labelOf = (li: HTMLLIElement) => li.querySelector('[data-label]')?.textContent ?? li.dataset.value ?? '';

  /** The list item of a value, added (unticked, count 0) when the build did not list it. */
  const itemFor = (g: Group, value: string): HTMLLIElement => {
    const found = items(g).find((li) => li.dataset.value === value);
    if (found) return found;
    const li = document.createElement('li');
    li.dataset.value = value;
    li.dataset.count = '0';
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.name = g.dim;
    input.value = value;
    const name = document.createElement('span');
    name.dataset.label = '';
    name.textContent = g.dim === 'format' ? value.toUpperCase() : value;
    const count = document.createElement('span');
    count.className = 'count';
    count.dataset.countText = '';
    label.append(input, ' ', name, ' ', count);
    li.append(label);
    g.list.append(li);
    return li;
  };

  /** Which values of a group show, and the "show all" button. */
  const layout = (g: Group) => {
    const active = document.activeElement;
    const shown = items(g).filter((li) => Number(li.dataset.count) > 0 || box(li).checked || li.contains(active));
    const all = g.expanded || shown.length <= SHOWN;
    for (const li of items(g)) {
      const i = shown.indexOf(li);
      li.hidden = i < 0 || (!all && i >= SHOWN && !box(li).checked && !li.contains(active));
    }
    g.fieldset.hidden = shown.length === 0;
    g.more.hidden = shown.length <= SHOWN;
    g.more.setAttribute('aria-expanded', String(g.expanded));
    g.more.textContent = g.expanded ? (text.showFewer ?? '') : fill(text.showAll, { n: number.format(shown.length) });
  };

  /** The chosen filters as removable chips, and "clear all". */
  const renderChips = () => {
    // Rebuilt when counts come back too: a chip that had focus hands it to its successor at its place.
    const focused = [...chipList.querySelectorAll('button')].indexOf(document.activeElement as HTMLButtonElement);
    const chosen = groups.flatMap((g) => items(g).flatMap((li) => (box(li).checked ? [{ g, li }] : [])));
    chipList.replaceChildren(
      ...chosen.map(({ g, li }, i) => {
        const item = document.createElement('li');
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'chip';
        const vars = { dim: g.title, value: labelOf(li) };
        b.append(fill(text.chip, vars));
        const x = document.createElement('span');
        x.setAttribute('aria-hidden', 'true');
        x.textContent = ' ×';
        b.append(x);
        b.setAttribute('aria-label', fill(text.remove, vars));
        b.addEventListener('click', () => {
          box(li).checked = false;
          changed();
          // Focus stays in the chips: the one that took this one's place, else the one before, else the panel's summary.
          const next = chipList.querySelectorAll<HTMLButtonElement>('button.chip');
          (next[i] ?? next[i - 1] ?? toggle.summary).focus();
        });
        item.append(b);
        return item;
      }),
    );
    chips.hidden = chosen.length === 0;
    toggle.setCount(chosen.length);
    if (focused >= 0) chipList.querySelectorAll('button')[focused]?.focus();
  };

  const changed = () => {
    renderChips();
    for (const g of groups) layout(g);
    onChange();
  };

  clear.addEventListener('click', () => {
    for (const g of groups) for (const li of items(g)) box(li).checked = false;
    changed();
    toggle.summary.focus();
  });
  form.addEventListener('change', (e) => {
    if ((e.target as HTMLElement).matches('input[type=checkbox]')) changed();
  });

  const sortBox = root.querySelector<HTMLElement>('[data-sort]');
  const sortSelect = sortBox?.querySelector<HTMLSelectElement>('select');
  if (sortBox && sortSelect) {
    sortBox.hidden = false;
    sortSelect.addEventListener('change', () => onChange());
  }

  // From here on the checkboxes stand in for the links.
  root.querySelector<HTMLElement>('[data-static-facets]')?.setAttribute('hidden', '');
  form.hidden = false;

  const panel: FilterPanel = {
    filters() {
      const out: Filters = {};
      for (const g of groups) {
        const v = items(g)
          .filter((li) => box(li).checked)
          .map((li) => li.dataset.value ?? '');
        if (v.length) out[g.dim] = v;
      }
      return out;
    },
    set(f) {
      const listed = (dim: Dimension, value: string) =>
        groups.some((g) => g.dim === dim && items(g).some((li) => li.dataset.value === value));
      const { filters: known, dropped } = knownFilters(f, listed);
      for (const g of groups) {
        const wanted = known[g.dim] ?? [];
        for (const li of items(g)) box(li).checked = wanted.includes(li.dataset.value ?? '');
      }
      renderChips();
      for (const g of groups) layout(g);
      return dropped;
    },
    update(counts) {
      for (const g of groups) {
        const byValue = new Map((counts?.[g.dim] ?? []).map((c) => [c.value, c]));
        for (const c of byValue.values()) {
          const li = itemFor(g, c.value);
          const label = c.label?.[lang];
          const name = li.querySelector('[data-label]');
          // A value the build did not know shows the API's label once there is one.
          if (label && name && name.textContent === c.value) name.textContent = label;
        }
        for (const li of items(g)) {
          const n = counts ? (byValue.get(li.dataset.value ?? '')?.count ?? 0) : Number(li.dataset.staticCount ?? 0);
          li.dataset.count = String(n);
          const out = li.querySelector('[data-count-text]');
          if (out) out.textContent = number.format(n);
        }
        layout(g);
      }
      renderChips();
    },
    sort() {
      const v = sortSelect?.value ?? '';
      return (SORTS as readonly string[]).includes(v) ? (v as Sort) : undefined;
    },
    setSort(v) {
      if (sortSelect) sortSelect.value = v ?? '';
    },
  };
  return panel;
}
