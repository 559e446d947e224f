// Dead letters grouped by cause: retry or skip one, or retry the whole group once the cause is fixed.
import { get, post, query } from '../api.js';
import { ago, h, replace, table } from '../dom.js';

export async function deadLettersPage(root, ctx) {
  const body = h('div', { id: 'dead-letter-groups' });
  const note = ctx.canChange ? null : h('p.muted', {}, 'You have read-only access: an operator can retry or skip.');
  replace(root, h('h1', {}, 'Dead letters'), note, body);

  const act = async (label, path, payload) => {
    try {
      const answer = await post(path, payload);
      ctx.flash(`${label}: ${answer.retried ?? answer.skipped ?? 0} dead letter(s)`, 'ok');
    } catch (e) {
      ctx.flash(e.message, 'error');
    }
    await refresh();
  };
  const button = (label, onclick, cls = '') =>
    h(`button${cls}`, { type: 'button', onclick, disabled: !ctx.canChange, title: ctx.canChange ? '' : 'read-only' }, label);

  const refresh = async () => {
    const { groups } = await get('/dead-letters/groups');
    if (!groups.length) {
      replace(body, h('p.card.ok', { id: 'no-dead-letters' }, 'No dead letters: everything is flowing.'));
      return;
    }
    replace(
      body,
      groups.map((g) =>
        h(
          'div.card.group',
          { dataset: { cause: g.causeCode, connection: g.connectionId } },
          h(
            'div.group-head',
            {},
            h('h2', {}, `${g.causeCode}: ${g.count} `, h('span.muted', {}, `${g.connectionId} · ${g.streams.join(', ')}`)),
            h(
              'div.actions',
              {},
              button(`Retry all ${g.count}`, () =>
                act('Retried', '/dead-letters/groups/retry', { connectionId: g.connectionId, causeCode: g.causeCode }),
              '.primary'),
              button(`Skip all`, () => {
                if (confirm(`Skip all ${g.count} dead letters of "${g.causeCode}"? They will not be sent again.`))
                  act('Skipped', '/dead-letters/groups/skip', { connectionId: g.connectionId, causeCode: g.causeCode });
              }, '.danger'),
            ),
          ),
          h('p.muted', {}, `First ${ago(g.firstAt)}, latest ${ago(g.lastAt)}. Examples:`),
          table(
            [
              {
                label: 'Record',
                cell: (d) =>
                  h(
                    'a',
                    { href: `#/record${query({ connection: d.connectionId, type: d.stream === 'orders' ? 'order' : d.stream === 'articles' ? 'article' : d.stream, key: d.entityKey, shop: d.shopId })}` },
                    d.entityKey,
                  ),
              },
              { label: 'Shop', cell: (d) => d.shopId || '—' },
              { label: 'Message', cell: (d) => d.message },
              { label: 'When', cell: (d) => ago(d.createdAt) },
              {
                label: '',
                cell: (d) =>
                  h(
                    'div.actions',
                    {},
                    button('Retry', () => act('Retried', `/dead-letters/${d.id}/retry`)),
                    button('Skip', () => act('Skipped', `/dead-letters/${d.id}/skip`), '.danger'),
                  ),
              },
            ],
            g.examples,
          ),
        ),
      ),
    );
  };
  await refresh();
  return refresh;
}
