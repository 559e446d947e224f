// Bar charts as inline SVG: no library, nothing downloaded.
const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/**
 * values: numbers, or { label, value, alt } items. Returns an <svg> that scales to its container.
 */
// A wide viewBox keeps the text near its written size when the chart fills a desktop card; on a
// phone it scales down with the card.
export function barChart(values, { width = 960, height = 160, title = '', labelEvery = 0 } = {}) {
  const items = values.map((v) => (typeof v === 'number' ? { value: v } : v));
  const max = Math.max(1, ...items.map((i) => i.value));
  const top = 16;
  const bottom = labelEvery ? 18 : 4;
  const plot = height - top - bottom;
  const step = width / Math.max(1, items.length);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title });
  root.append(svg('title', {}, title));
  root.append(svg('line', { x1: 0, x2: width, y1: top + plot, y2: top + plot, class: 'axis' }));
  root.append(svg('text', { x: 2, y: 12 }, `max ${max}`));
  items.forEach((item, index) => {
    const barHeight = (item.value / max) * plot;
    const bar = svg('rect', {
      x: index * step + step * 0.1,
      y: top + plot - barHeight,
      width: Math.max(1, step * 0.8),
      height: barHeight,
      class: item.alt ? 'bar alt' : 'bar',
    });
    bar.append(svg('title', {}, `${item.label ?? ''} ${item.value}`.trim()));
    root.append(bar);
    if (labelEvery && item.label && index % labelEvery === 0)
      root.append(svg('text', { x: index * step + step / 2, y: height - 2, 'text-anchor': 'middle' }, item.label));
  });
  return root;
}
