// One view of the page at a time; the hidden attribute keeps the others out of the tab order and the a11y tree.
import { byId } from './dom.js';

const VIEWS = ['signin-view', 'keys-view', 'key-view', 'platform-view'];

export function showView(id) {
  for (const v of VIEWS) byId(v).hidden = v !== id;
  for (const b of document.querySelectorAll('#nav [data-view]')) {
    if (b.dataset.view === id) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  const heading = byId(id).querySelector('h2');
  // Move focus to the new view's heading, so keyboard and screen-reader users land where the content changed.
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
  }
}

/** <dialog>s close on their [data-close] buttons (Escape closes them natively). */
export function wireDialogs() {
  for (const d of document.querySelectorAll('dialog')) {
    for (const b of d.querySelectorAll('[data-close]')) b.addEventListener('click', () => d.close());
  }
}
