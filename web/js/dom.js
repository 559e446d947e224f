// Tiny DOM helpers: elements are built with text nodes (never innerHTML), so nothing from the
// server can become markup.

/** h('div.card', { onclick }, 'text', child) */
export function h(tag, attrs, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name || 'div');
  if (classes.length) el.className = classes.join(' ');
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

export function ago(iso) {
  if (!iso) return 'never';
  const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  return duration(seconds) + ' ago';
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d`;
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** A table whose rows turn into label/value lists on narrow screens. */
export function table(columns, rows) {
  return h(
    'div.table-wrap',
    {},
    h(
      'table.responsive',
      {},
      h('thead', {}, h('tr', {}, columns.map((c) => h(c.num ? 'th.num' : 'th', {}, c.label)))),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h('tr', {}, columns.map((c) => h(c.num ? 'td.num' : 'td', { 'data-label': c.label }, c.cell(row)))),
        ),
      ),
    ),
  );
}
