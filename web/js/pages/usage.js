// Orders and articles synced per connection per month, as numbers and a chart.
import { get } from '../api.js';
import { barChart } from '../chart.js';
import { h, replace, table } from '../dom.js';

export async function usagePage(root) {
  const body = h('div');
  replace(root, h('h1', {}, 'Usage'), body);
  const refresh = async () => {
    const { usage } = await get('/usage');
    const connections = [...new Set(usage.map((u) => u.connectionId))];
    if (!connections.length) {
      replace(body, h('p.muted.card', {}, 'Nothing synced yet.'));
      return;
    }
    replace(
      body,
      connections.map((id) => {
        const rows = usage.filter((u) => u.connectionId === id);
        const months = [...new Set(rows.map((r) => r.month))].sort();
        const count = (month, metric) => rows.find((r) => r.month === month && r.metric === metric)?.count ?? 0;
        const bars = months.flatMap((m) => [
          { label: m, value: count(m, 'orders') },
          { label: '', value: count(m, 'articles'), alt: true },
        ]);
        return h(
          'div.card.usage',
          { dataset: { connection: id } },
          h('h2', {}, id),
          table(
            [
              { label: 'Month', cell: (m) => m },
              { label: 'Orders', num: true, cell: (m) => count(m, 'orders') },
              { label: 'Articles', num: true, cell: (m) => count(m, 'articles') },
            ],
            months,
          ),
          h('p.muted', {}, 'Orders (dark) and articles (light) per month'),
          barChart(bars, { title: `Usage of ${id}`, height: 200, labelEvery: 2 }),
        );
      }),
    );
  };
  await refresh();
  return refresh;
}
