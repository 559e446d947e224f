import {
  ARTICLE_NO_FORBIDDEN,
  ARTICLE_NO_MAX_LENGTH,
  FIELD_LIMITS,
  LANGUAGES,
  PAY_TYPE_SHAPE,
  VARIANT_VALUES_SHAPE,
  VAT_PERCENTS,
} from './assumptions.ts';
import { parseDecimal } from './params.ts';

/** A field that breaks a rule; answered as code 40 with the field named in the message. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** `field` is the name as sent (e.g. `name_2`), `limitName` the name in FIELD_LIMITS (`name`). */
export function checkLength(field: string, value: string | undefined, limitName = field): void {
  const max = FIELD_LIMITS[limitName];
  if (value !== undefined && max !== undefined && [...value].length > max) {
    throw new FieldError(field, `longer than ${max} characters`);
  }
}

export function required(field: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') throw new FieldError(field, 'is required');
  return value;
}

export function checkArticleNo(field: string, value: string | undefined): string {
  const v = required(field, value);
  if ([...v].length > ARTICLE_NO_MAX_LENGTH)
    throw new FieldError(field, `longer than ${ARTICLE_NO_MAX_LENGTH} characters`);
  if (ARTICLE_NO_FORBIDDEN.test(v))
    throw new FieldError(field, 'must not contain spaces, å ä ö & % # € or commas');
  return v;
}

export function checkVat(field: string, value: string | undefined): number | undefined {
  const n = decimal(field, value);
  if (n !== undefined && !(VAT_PERCENTS as readonly number[]).includes(n)) {
    throw new FieldError(field, `must be one of ${VAT_PERCENTS.join(', ')}`);
  }
  return n;
}

export function decimal(field: string, value: string | undefined): number | undefined {
  const n = parseDecimal(value);
  if (n !== undefined && Number.isNaN(n)) throw new FieldError(field, 'is not a number');
  return n;
}

export function nonNegative(field: string, value: string | undefined): number | undefined {
  const n = decimal(field, value);
  if (n !== undefined && n < 0) throw new FieldError(field, 'must not be negative');
  return n;
}

export function integer(field: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim())) throw new FieldError(field, 'is not an integer');
  return Number(value.trim());
}

export function countryCode(field: string, value: string | undefined): string | undefined {
  if (value !== undefined && !/^[A-Za-z]{2}$/.test(value))
    throw new FieldError(field, 'must be an ISO 3166 two-letter code');
  return value?.toUpperCase();
}

export function currency(field: string, value: string | undefined): string | undefined {
  if (value !== undefined && !/^[A-Za-z]{3}$/.test(value))
    throw new FieldError(field, 'must be an ISO 4217 three-letter code');
  return value?.toUpperCase();
}

export function language(field: string, value: string | undefined): string | undefined {
  if (value !== undefined && !LANGUAGES.includes(value.toUpperCase())) {
    throw new FieldError(field, `must be one of ${LANGUAGES.join(', ')}`);
  }
  return value?.toUpperCase();
}

export function email(field: string, value: string | undefined): string | undefined {
  if (value !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value))
    throw new FieldError(field, 'is not an e-mail address');
  return value;
}

export function payType(field: string, value: string | undefined): string | undefined {
  if (value !== undefined && !PAY_TYPE_SHAPE.test(value))
    throw new FieldError(field, 'is not a payment type code');
  return value;
}

export function variantValues(field: string, value: string | undefined): string | undefined {
  if (value !== undefined && !VARIANT_VALUES_SHAPE.test(value)) {
    throw new FieldError(field, 'must look like "Färg=Blå;Storlek=S"');
  }
  return value;
}
