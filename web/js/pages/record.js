// One record's journey: the timeline, every attempt with its requests and responses, bindings.
import { get, query } from '../api.js';
import { h, replace, table, when } from '../dom.js';

function json(value) {
  return h('pre', {}, JSON.stringify(value, null, 2));
}

function attemptView(job, attempt) {
  return h(
    'details.attempt',
    {},
    h(
      'summary',
      {},
      `Job ${job.id} (${job.kind}) attempt ${attempt.attempt}: `,
      h(attempt.outcome === 'ok' ? 'span.ok' : 'span.bad', {}, attempt.outcome ?? 'running'),
      attempt.error ? ` — ${attempt.error}` : '',
      h('span.muted', {}, ` ${when(attempt.startedAt)}`),
    ),
    attempt.requests.length
      ? attempt.requests.map((r, i) =>
          h(
            'details',
            {},
            h('summary', {}, `${i + 1}. ${r.system ?? ''} ${r.method ?? ''} ${r.action ?? r.url ?? ''} → ${r.status ?? r.outcome ?? ''}`),
            json(r),
          ),
        )
      : h('p.muted', {}, 'No requests recorded.'),
  );
}

export async function recordPage(root, ctx) {
  const p = ctx.params;
  const body = h('div');
  // Not polled: re-rendering would close the attempts a person has opened. Refresh on demand.
  const again = h('button', { type: 'button', onclick: () => refresh() }, 'Refresh');
  replace(root, h('h1', {}, `${p.get('type')} ${p.get('key')} `, again), body);
  const refresh = async () => {
    const data = await get(
      `/record${query({ connection: p.get('connection'), type: p.get('type'), key: p.get('key'), shop: p.get('shop') })}`,
    );
    // Failed attempts belong in the story too: they sit between the steps, in time order.
    const failures = data.jobs.flatMap((job) =>
      job.log
        .filter((a) => a.outcome && a.outcome !== 'ok' && a.outcome !== 'released')
        .map((a) => ({ at: a.finishedAt, shopId: job.shopId, jobId: job.id, kind: 'failed', message: a.error ?? a.outcome, failed: true })),
    );
    const steps = [...data.events, ...failures].sort((a, b) => String(a.at).localeCompare(String(b.at)));
    replace(
      body,
      h(
        'div.card',
        {},
        h('h2', {}, 'Bindings'),
        data.bindings.length
          ? table(
              [
                { label: 'Shop', cell: (b) => b.shopId || '—' },
                { label: 'Magento', cell: (b) => b.magentoKey },
                { label: 'Specter', cell: (b) => b.specterKey },
                { label: 'Since', cell: (b) => when(b.createdAt) },
              ],
              data.bindings,
            )
          : h('p.muted', {}, 'Not bound yet: Koppla has not linked this record on both sides.'),
      ),
      h(
        'div.card',
        {},
        h('h2', {}, 'Timeline'),
        h(
          'ol.timeline',
          { id: 'timeline' },
          steps.map((e) =>
            h(
              e.failed ? 'li.failed' : 'li',
              {},
              h('span.kind', {}, e.kind),
              e.message,
              h('div.muted', {}, when(e.at), e.shopId ? ` · shop ${e.shopId}` : '', e.jobId ? ` · job ${e.jobId}` : ''),
              e.data ? h('details', {}, h('summary', {}, 'data'), json(e.data)) : null,
            ),
          ),
        ),
      ),
      data.deadLetters.length
        ? h(
            'div.card',
            {},
            h('h2', {}, 'Dead letters'),
            table(
              [
                { label: 'Cause', cell: (d) => d.causeCode },
                { label: 'Message', cell: (d) => d.message },
                { label: 'When', cell: (d) => when(d.createdAt) },
                { label: 'Now', cell: (d) => d.resolution ?? h('span.bad', {}, 'open') },
              ],
              data.deadLetters,
            ),
          )
        : null,
      h(
        'div.card',
        {},
        h('h2', {}, 'Attempts (requests and responses, secrets redacted)'),
        data.jobs.flatMap((job) => job.log.map((attempt) => attemptView(job, attempt))),
      ),
    );
  };
  await refresh();
}
