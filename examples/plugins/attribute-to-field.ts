// Example plugin: a Magento custom attribute becomes a Specter article field. Magento keeps the
// EAN in an attribute of the merchant's own (`gtin`), or the weight in grams (`weight_g`); Specter
// wants them as the article's bar code / weight. Articles Magento -> Specter only.
import { z } from 'zod';
import { definePlugin } from '../../src/plugins/index.ts';

export default definePlugin({
  name: 'attribute-to-field',
  description: 'Copies a Magento custom attribute into a Specter article field',
  settings: z.strictObject({
    /** Magento attribute code, e.g. `gtin`. */
    attribute: z.string().min(1),
    /** The article field it fills: ean -> Specter barCode, name, weightKg -> productWeight. */
    field: z.enum(['ean', 'name', 'weightKg']),
    /** For weightKg: divide the attribute's number by this (1000 for grams). */
    divideBy: z.number().positive().default(1),
  }),
  articles: {
    afterMap(article, { direction, settings }) {
      if (direction !== 'magento->specter') return;
      const raw = article.attributes?.[settings.attribute]?.trim();
      if (!raw) return;
      if (settings.field === 'weightKg') {
        const weight = Number(raw.replace(',', '.'));
        if (!Number.isFinite(weight) || weight < 0) return;
        article.weightKg = Math.round((weight / settings.divideBy) * 1000) / 1000;
      } else {
        article[settings.field] = raw;
      }
      return article;
    },
  },
});
