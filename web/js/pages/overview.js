// Overview: every connection and shop, each stream's state, and done jobs per minute.
import { get } from '../api.js';
import { barChart } from '../chart.js';
import { ago, duration, h, replace, table } from '../dom.js';

const STREAM_NAMES = {
  orders: 'Orders',
  orderStatus: 'Order status',
  articles: 'Articles',
  prices: 'Prices',
  priceLists: 'Price lists',
  stock: 'Stock',
};

function streamState(s) {
  if (!s.enabled) return h('span.pill.off', {}, 'off');
  if (s.deadLetters.open > 0) return h('span.pill.bad', {}, `${s.deadLetters.open} stuck`);
  if (s.backlog > 0 || s.running > 0) return h('span.pill', {}, 'working');
  return h('span.pill.ok', {}, 'ok');
}

function shopCard(connection, shop) {
  const streams = table(
    [
      { label: 'Stream', cell: (s) => [STREAM_NAMES[s.stream] ?? s.stream, ' ', h('span.muted', {}, s.direction)] },
      { label: 'State', cell: streamState },
      { label: 'Last success', cell: (s) => (s.enabled || s.lastSuccessAt ? ago(s.lastSuccessAt) : '—') },
      { label: 'Lag', num: true, cell: (s) => duration(s.lagSeconds) },
      { label: 'Backlog', num: true, cell: (s) => s.backlog },
      {
        label: 'Errors 1h / 24h',
        num: true,
        cell: (s) => h(s.errors.lastHour ? 'span.bad' : 'span', {}, `${s.errors.lastHour} / ${s.errors.lastDay}`),
      },
    ],
    shop.streams,
  );
  const per = shop.throughput.perMinute;
  const start = new Date(shop.throughput.minuteStart);
  const bars = per.map((value, i) => {
    const at = new Date(start.getTime() + i * 60000);
    return { value, label: at.toTimeString().slice(0, 5) };
  });
  const total = per.reduce((a, b) => a + b, 0);
  return h(
    'div.card.shop',
    { dataset: { connection: connection.id, shop: shop.id } },
    h('h2', {}, shop.id ? `Shop ${shop.id}` : 'Whole connection'),
    streams,
    h('p.muted', {}, `Jobs done per minute, last hour (${total} in all)`),
    barChart(bars, { title: `Throughput of ${connection.id} ${shop.id}`, labelEvery: 15 }),
  );
}

export async function overviewPage(root) {
  const body = h('div');
  replace(root, h('h1', {}, 'Overview'), body);
  const refresh = async () => {
    const data = await get('/overview');
    replace(
      body,
      data.connections.map((c) =>
        h(
          'div.connection',
          { dataset: { connection: c.id } },
          h('h2', {}, `${c.name} `, h('span.muted', {}, `${c.id} · ${c.flowMode}${c.paused ? ' · paused' : ''}`)),
          h('div.grid', {}, c.shops.map((s) => shopCard(c, s))),
        ),
      ),
    );
  };
  await refresh();
  return refresh;
}
