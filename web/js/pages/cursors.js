// Cursors per stream and shop, with rewind: detect everything changed since a time again.
import { get, post } from '../api.js';
import { ago, h, replace, table, when } from '../dom.js';

function localInputValue(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export async function cursorsPage(root, ctx) {
  const list = h('div', { id: 'cursor-list' });
  const select = h('select', { id: 'rewind-cursor', 'aria-label': 'Cursor' });
  const time = h('input', {
    id: 'rewind-time',
    type: 'datetime-local',
    'aria-label': 'Rewind to',
    value: localInputValue(new Date(Date.now() - 24 * 3600 * 1000)),
  });
  const result = h('p', { id: 'rewind-result' });
  const form = h(
    'form.inline.card',
    {
      onsubmit: async (event) => {
        event.preventDefault();
        const [connectionId, shopId, stream] = JSON.parse(select.value);
        try {
          const { cursor } = await post('/cursors/rewind', {
            connectionId,
            shopId,
            stream,
            to: new Date(time.value).toISOString(),
          });
          replace(result, h('span.ok', {}, `Rewound ${stream} of ${shopId} to ${cursor.value}. Changes since then are detected again.`));
        } catch (e) {
          replace(result, h('span.error', {}, e.message));
        }
        await refresh();
      },
    },
    h('strong', {}, 'Rewind'),
    select,
    h('span', {}, 'to'),
    time,
    h('button.primary', { type: 'submit', disabled: !ctx.canChange, title: ctx.canChange ? '' : 'read-only' }, 'Rewind'),
  );
  replace(
    root,
    h('h1', {}, 'Cursors'),
    h('p.muted', {}, 'How far change detection has got, per stream and shop. Rewinding makes Koppla look again at everything changed since that time; records already in sync are skipped.'),
    list,
    form,
    result,
  );

  const refresh = async () => {
    const { cursors } = await get('/cursors');
    const chosen = select.value;
    replace(
      select,
      cursors
        .filter((c) => c.format !== 'opaque')
        .map((c) => h('option', { value: JSON.stringify([c.connectionId, c.shopId, c.stream]) }, `${c.connectionId} / ${c.shopId} / ${c.stream}`)),
    );
    if (chosen) select.value = chosen;
    replace(
      list,
      table(
        [
          { label: 'Connection', cell: (c) => c.connectionId },
          { label: 'Shop', cell: (c) => c.shopId },
          { label: 'Stream', cell: (c) => c.stream },
          { label: 'Position', cell: (c) => h('span.cursor-value', { dataset: { stream: c.stream, shop: c.shopId } }, c.value) },
          { label: 'As time', cell: (c) => when(c.time) },
          { label: 'Moved', cell: (c) => ago(c.updatedAt) },
        ],
        cursors,
      ),
    );
  };
  await refresh();
  return refresh;
}
