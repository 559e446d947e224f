// Domain Customer -> newCustomerSubmit record fields. A company is organisational form C (name =
// company, the buyer as contact person), a person form P. Length limits come from assumptions.ts:
// an over-long required value, or an over-long identifier (orgNo, vatNo), is a PermanentError
// naming the field and the limit, because cutting it would produce wrong data; an over-long
// optional text is shortened and reported.

import { PermanentError } from '../../../domain/errors.ts';
import type { Address, Customer } from '../../../domain/types.ts';
import { CUSTOMER_FIELD_LIMITS } from '../assumptions.ts';
import type { SpecterCustomerFields } from '../specter-types.ts';

export interface CustomerMappingOptions {
  /** Magento customer group id -> Specter customerGroupId. */
  customerGroupMap?: Record<number, string | number>;
  /** customerGroupId for guests and unmapped groups. */
  defaultCustomerGroupId?: string | number;
  defaultCurrency?: string;
  defaultLanguage?: string;
  /** Limits to check; defaults to CUSTOMER_FIELD_LIMITS. */
  limits?: Record<string, number>;
}

export interface ShortenedField {
  field: string;
  limit: number;
  original: string;
}

export interface MappedCustomer {
  fields: SpecterCustomerFields;
  shortened: ShortenedField[];
}

const IDENTIFIER_FIELDS = new Set(['orgNo', 'vatNo', 'emailAddress']);

function clean(value: string | undefined): string | undefined {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed : undefined;
}

function addressFields(address: Address, prefix: 'invoice' | 'delivery'): Record<string, string | undefined> {
  const [first, ...more] = address.street.map((line) => line.trim()).filter(Boolean);
  if (prefix === 'invoice') {
    return {
      invoiceCompanyName: address.company,
      address: first,
      addressRow2: more.join(', '),
      zipCodeEng: address.postcode,
      city: address.city,
      countryCode: address.countryCode?.toUpperCase(),
      region: address.region,
    };
  }
  return {
    deliveryCompanyName: address.company,
    deliveryAddress: first,
    deliveryAddressRow2: more.join(', '),
    deliveryZipCodeEng: address.postcode,
    deliveryCity: address.city,
    deliveryCountryCode: address.countryCode?.toUpperCase(),
    deliveryregion: address.region,
  };
}

function missing(field: string, customer: Customer): PermanentError {
  return new PermanentError(
    `Customer ${customer.email || '(no e-mail)'} cannot be sent to Specter: "${field}" is empty`,
    {
      code: 'customer-missing-field',
      details: { field },
    },
  );
}

export function mapCustomerToSpecter(
  customer: Customer,
  options: CustomerMappingOptions = {},
): MappedCustomer {
  const limits = options.limits ?? CUSTOMER_FIELD_LIMITS;
  const firstName = clean(customer.firstName) ?? clean(customer.billing.firstName);
  const surName = clean(customer.lastName) ?? clean(customer.billing.lastName);
  const companyName = clean(customer.companyName) ?? clean(customer.billing.company);
  const groupId =
    customer.magentoGroupId !== undefined ? options.customerGroupMap?.[customer.magentoGroupId] : undefined;
  const shipping = customer.shipping ?? customer.billing;
  const required: Record<string, string | undefined> = {
    emailAddress: clean(customer.email),
    firstName,
    surName,
    ...(customer.isCompany ? { name: companyName } : {}),
  };
  const optional: Record<string, string | undefined> = {
    customerOrganizationalForm: customer.isCompany ? 'C' : 'P',
    ...(customer.isCompany ? { contactPerson: clean(`${firstName ?? ''} ${surName ?? ''}`) } : {}),
    ...(customer.isCompany && customer.shipping
      ? { deliveryAttention: clean(`${shipping.firstName} ${shipping.lastName}`) }
      : {}),
    currency: clean(customer.currency) ?? options.defaultCurrency,
    language: clean(customer.language) ?? options.defaultLanguage,
    customerGroupId: (groupId ?? options.defaultCustomerGroupId)?.toString(),
    orgNo: clean(customer.orgNo),
    vatNo: clean(customer.vatNo),
    phoneNo: clean(customer.billing.phone),
    mobileNo: undefined,
    ...addressFields(customer.billing, 'invoice'),
    ...addressFields(shipping, 'delivery'),
  };

  const fields: SpecterCustomerFields = {};
  const shortened: ShortenedField[] = [];
  for (const [field, value] of Object.entries(required)) {
    if (!value) throw missing(field, customer);
    const limit = limits[field];
    if (limit !== undefined && value.length > limit) {
      throw new PermanentError(
        `Customer ${customer.email}: "${field}" is ${value.length} characters, Specter allows at most ${limit}: "${value}"`,
        { code: 'field-too-long', details: { field, limit, length: value.length } },
      );
    }
    fields[field] = value;
  }
  for (const [field, raw] of Object.entries(optional)) {
    const value = clean(raw);
    if (!value) continue;
    const limit = limits[field];
    if (limit !== undefined && value.length > limit) {
      if (IDENTIFIER_FIELDS.has(field)) {
        throw new PermanentError(
          `Customer ${customer.email}: "${field}" is ${value.length} characters, Specter allows at most ${limit}: "${value}"`,
          { code: 'field-too-long', details: { field, limit, length: value.length } },
        );
      }
      shortened.push({ field, limit, original: value });
      fields[field] = value.slice(0, limit).trimEnd();
      continue;
    }
    fields[field] = value;
  }
  return { fields, shortened };
}
