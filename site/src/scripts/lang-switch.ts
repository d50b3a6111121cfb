/**
 * The language switch (Base.astro, `a[data-lang-switch="page"]`) takes the visitor to the same place
 * in the other language: its static address is the other language's page, and this keeps the search,
 * the filters (`?q=…&theme=…`) and the section (`#…`) the visitor is at. The address is read when the
 * link is used (hovered, focused, clicked), since the search rewrites it as the visitor types
 * (history.replaceState). Without JavaScript the link is the static page.
 */
import { switchLocaleHref } from '../lib/paths.ts';

export function keepPlaceOnLanguageSwitch(): void {
  const link = document.querySelector<HTMLAnchorElement>('a[data-lang-switch="page"]');
  if (!link) return;
  const base = link.getAttribute('href') ?? '';
  const sync = () => {
    const href = switchLocaleHref(base, location.search, location.hash);
    if (link.getAttribute('href') !== href) link.setAttribute('href', href);
  };
  // Before the browser follows or shows the link: click and keyboard activation, a middle click, the
  // context menu's "copy link", the status bar on hover.
  for (const type of ['pointerdown', 'pointerenter', 'focus', 'click', 'auxclick', 'contextmenu'])
    link.addEventListener(type, sync);
  sync();
}
