// Elements are built with properties and text nodes only, never innerHTML: key names, scopes and audit details
// come from whoever called the API, and must not become markup in an admin's browser.

/** h('td', { className: 'num', title: 'x' }, 'text', childNode): attributes starting with data- or aria- are set as such. */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('data-') || k.startsWith('aria-') || k === 'for' || k === 'scope')
      el.setAttribute(k, v === true ? '' : String(v));
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el[k] = v;
  }
  for (const c of children.flat())
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

export function byId(id) {
  return document.getElementById(id);
}

/** A <time> in the browser's zone whose title (hover) gives UTC. */
export function timeEl(iso, local, utc) {
  if (!iso) return h('span', { className: 'muted' }, 'never');
  return h('time', { dateTime: iso, title: utc }, local);
}

/** A banner line in role="alert" regions; empty text hides it. */
export function showMessage(el, text, kind = 'error') {
  el.textContent = text || '';
  el.hidden = !text;
  el.dataset.kind = kind;
}
