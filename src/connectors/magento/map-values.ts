// Small pure helpers shared by the Magento mappers.

import { PermanentError } from '../../domain/errors.ts';
import type { MagentoCustomAttribute } from './magento-types.ts';

export function round(value: number, decimals = 2): number {
  const factor = 10 ** decimals;
  return Math.round((value + Number.EPSILON * Math.sign(value)) * factor) / factor;
}

/** Magento's 'YYYY-MM-DD HH:MM:SS' (UTC) as ISO 8601; other text is passed on unchanged. */
export function fromMagentoDateTime(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(value);
  return match ? `${match[1]}T${match[2]}Z` : value;
}

/** A custom attribute's value as text: lists joined with commas, null as undefined. */
export function customAttributeText(
  attributes: MagentoCustomAttribute[] | undefined,
  code: string,
): string | undefined {
  const found = attributes?.find((a) => a.attribute_code === code);
  return found ? attributeValueText(found.value) : undefined;
}

export function attributeValueText(value: MagentoCustomAttribute['value']): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

/** Thrown for a Magento record that lacks what the domain needs: a merchant must fix it in Magento. */
export function missingField(
  entity: string,
  field: string,
  details: Record<string, unknown> = {},
): PermanentError {
  return new PermanentError(`${entity}: required field ${field} is missing`, {
    code: 'magento-missing-field',
    details: { ...details, field },
  });
}

export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}
