// Initial-sync dry-run reports (and other stored reports): the list, and one in full.
import { get } from '../api.js';
import { h, replace, table, when } from '../dom.js';

function summaryText(summary) {
  if (!summary || typeof summary !== 'object') return String(summary ?? '');
  return Object.entries(summary)
    .filter(([, v]) => typeof v !== 'object')
    .map(([k, v]) => `${k}: ${v}`)
    .join(' · ');
}

export async function reportsPage(root, ctx) {
  const id = ctx.rest[0];
  if (id) {
    const { report } = await get(`/reports/${encodeURIComponent(id)}`);
    replace(
      root,
      h('h1', {}, `${report.kind} `, h('span.muted', {}, `${report.connectionId} · ${when(report.createdAt)}`)),
      h('p', {}, h('a', { href: '#/reports' }, '← all reports')),
      h('div.card', {}, h('h2', {}, 'Summary'), h('p', {}, summaryText(report.summary))),
      h('div.card', {}, h('h2', {}, 'Details'), h('pre', {}, JSON.stringify(report.body, null, 2))),
    );
    return;
  }
  const body = h('div');
  replace(root, h('h1', {}, 'Reports'), body);
  const refresh = async () => {
    const { reports } = await get('/reports');
    replace(
      body,
      reports.length
        ? table(
            [
              { label: 'Report', cell: (r) => h('a', { href: `#/reports/${r.id}` }, r.kind) },
              { label: 'Connection', cell: (r) => r.connectionId },
              { label: 'Summary', cell: (r) => summaryText(r.summary) },
              { label: 'Created', cell: (r) => when(r.createdAt) },
            ],
            reports,
          )
        : h('p.muted.card', {}, 'No reports yet. `koppla initial-sync --dry-run` writes one.'),
    );
  };
  await refresh();
  return refresh;
}
