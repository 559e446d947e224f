// A connection's config (secrets as references only), and a validator that shows each problem
// next to the line it is about.
import { get, post } from '../api.js';
import { h, replace } from '../dom.js';

function annotated(text, problems) {
  const byLine = new Map();
  const unplaced = [];
  for (const p of problems) {
    if (p.line) byLine.set(p.line, [...(byLine.get(p.line) ?? []), p]);
    else unplaced.push(p);
  }
  const lines = text.split('\n');
  return h(
    'div.config-lines',
    { id: 'config-annotated' },
    unplaced.map((p) => h('div.note', {}, `${p.path}: ${p.message}`)),
    lines.map((line, i) => {
      const here = byLine.get(i + 1) ?? [];
      return [
        h(here.length ? 'div.problem' : 'div', {}, h('span.ln', {}, i + 1), line),
        here.map((p) => h('div.note', { dataset: { line: i + 1 } }, `↑ ${p.path}: ${p.message}`)),
      ];
    }),
  );
}

export async function configPage(root) {
  const { connections } = await get('/connections');
  const select = h(
    'select',
    { id: 'config-connection', 'aria-label': 'Connection' },
    connections.map((c) => h('option', { value: c.id }, `${c.name} (${c.id})`)),
  );
  const view = h('div');
  const editor = h('textarea', { id: 'config-text', spellcheck: 'false', 'aria-label': 'Config text' });
  const verdict = h('p', { id: 'config-verdict' });
  const show = async () => {
    if (!select.value) return;
    const data = await get(`/connections/${encodeURIComponent(select.value)}/config`);
    editor.value = data.yaml;
    replace(view, annotated(data.yaml, []));
    replace(verdict);
  };
  const validate = async () => {
    const text = editor.value;
    const result = await post('/config/validate', { yaml: text });
    replace(
      verdict,
      result.valid
        ? h('span.ok', {}, 'Valid.')
        : h('span.error', {}, `${result.problems.length} problem(s), shown next to their lines below.`),
    );
    replace(view, annotated(text, result.problems));
  };
  select.addEventListener('change', show);
  replace(
    root,
    h('h1', {}, 'Connection config'),
    h('p.muted', {}, 'Secrets are shown as references (environment variable or secret store), never as values. Paste or edit a config below and validate it before deploying it.'),
    h('form.inline.card', { onsubmit: (e) => e.preventDefault() }, select),
    h('div.card', {}, editor, h('p.actions', {}, h('button.primary', { type: 'button', id: 'config-validate', onclick: validate }, 'Validate')), verdict),
    view,
  );
  if (!connections.length) replace(view, h('p.muted', {}, 'No connections.'));
  await show();
}
