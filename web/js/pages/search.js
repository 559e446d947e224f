// Search by order number, SKU, Specter number or customer e-mail.
import { get, query } from '../api.js';
import { ago, h, replace, table } from '../dom.js';

export async function searchPage(root, ctx) {
  const q = ctx.params.get('q') ?? '';
  const input = h('input', { id: 'search-q', type: 'search', value: q, placeholder: 'Order number, SKU or e-mail', size: 30 });
  const results = h('div', { id: 'search-results' });
  const form = h(
    'form.inline.card',
    {
      onsubmit: (event) => {
        event.preventDefault();
        ctx.go(`#/search${query({ q: input.value.trim() })}`);
      },
    },
    input,
    h('button.primary', { type: 'submit' }, 'Search'),
  );
  replace(root, h('h1', {}, 'Find a record'), form, results);
  input.focus();
  if (!q) return;
  const data = await get(`/search${query({ q })}`);
  if (!data.results.length) {
    replace(results, h('p.muted', {}, `Nothing found for "${q}".`));
    return;
  }
  const link = (r) =>
    `#/record${query({ connection: r.connectionId, type: r.entityType, key: r.entityKey, shop: r.shopId })}`;
  replace(
    results,
    table(
      [
        { label: 'Record', cell: (r) => h('a.result', { href: link(r) }, `${r.entityType} ${r.entityKey}`) },
        { label: 'Connection / shop', cell: (r) => `${r.connectionId} / ${r.shopId || '—'}` },
        { label: 'Matched by', cell: (r) => r.matchedBy },
        { label: 'Last seen', cell: (r) => ago(r.lastSeenAt) },
      ],
      data.results,
    ),
  );
}
