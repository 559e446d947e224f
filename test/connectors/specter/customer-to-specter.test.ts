import { describe, expect, it } from 'vitest';
import { mapCustomerToSpecter } from '../../../src/connectors/specter/mappers/customer-to-specter.ts';
import { PermanentError } from '../../../src/domain/errors.ts';
import type { Customer } from '../../../src/domain/types.ts';

const billing = {
  firstName: 'Åsa',
  lastName: 'Öberg',
  street: ['Storgatan 1', 'Lgh 1102'],
  postcode: '211 11',
  city: 'Malmö',
  countryCode: 'se',
  phone: '070-123 45 67',
};

const person: Customer = {
  email: 'asa@example.se',
  firstName: 'Åsa',
  lastName: 'Öberg',
  isCompany: false,
  orgNo: '19800101-1234',
  magentoGroupId: 1,
  billing,
  language: 'SE',
  currency: 'SEK',
};

const company: Customer = {
  ...person,
  isCompany: true,
  companyName: 'Öbergs  Bygg AB',
  orgNo: '556000-0000',
  vatNo: 'SE556000000001',
  billing: { ...billing, company: 'Öbergs Bygg AB' },
  shipping: {
    ...billing,
    firstName: 'Lars',
    lastName: 'Lager',
    street: ['Industrivägen 9'],
    city: 'Lund',
    company: 'Öbergs Bygg AB',
  },
};

describe('mapCustomerToSpecter', () => {
  it('maps a person to organisational form P with invoice and delivery address', () => {
    const { fields, shortened } = mapCustomerToSpecter(person, { customerGroupMap: { 1: 10 } });
    expect(shortened).toEqual([]);
    expect(fields).toEqual({
      customerOrganizationalForm: 'P',
      firstName: 'Åsa',
      surName: 'Öberg',
      emailAddress: 'asa@example.se',
      currency: 'SEK',
      language: 'SE',
      customerGroupId: '10',
      orgNo: '19800101-1234',
      phoneNo: '070-123 45 67',
      address: 'Storgatan 1',
      addressRow2: 'Lgh 1102',
      zipCodeEng: '211 11',
      city: 'Malmö',
      countryCode: 'SE',
      deliveryAddress: 'Storgatan 1',
      deliveryAddressRow2: 'Lgh 1102',
      deliveryZipCodeEng: '211 11',
      deliveryCity: 'Malmö',
      deliveryCountryCode: 'SE',
    });
  });

  it('maps a company to form C with the buyer as contact person and its own delivery address', () => {
    const { fields } = mapCustomerToSpecter(company, { defaultCustomerGroupId: 5, customerGroupMap: {} });
    expect(fields).toMatchObject({
      customerOrganizationalForm: 'C',
      name: 'Öbergs Bygg AB',
      contactPerson: 'Åsa Öberg',
      deliveryAttention: 'Lars Lager',
      orgNo: '556000-0000',
      vatNo: 'SE556000000001',
      customerGroupId: '5',
      invoiceCompanyName: 'Öbergs Bygg AB',
      deliveryCompanyName: 'Öbergs Bygg AB',
      deliveryAddress: 'Industrivägen 9',
      deliveryCity: 'Lund',
    });
    expect(fields.deliveryAddressRow2).toBeUndefined();
  });

  it.each([
    ['required company name', { ...company, companyName: 'A'.repeat(101) }, 'name', 100],
    ['required e-mail', { ...person, email: `${'a'.repeat(96)}@x.se` }, 'emailAddress', 100],
    ['required first name', { ...person, firstName: 'F'.repeat(51) }, 'firstName', 50],
    ['identifier orgNo', { ...person, orgNo: '1'.repeat(21) }, 'orgNo', 20],
    ['identifier vatNo', { ...company, vatNo: 'SE'.repeat(16) }, 'vatNo', 30],
  ] as const)('refuses an over-long %s, naming field and limit', (_name, customer, field, limit) => {
    const error = (() => {
      try {
        mapCustomerToSpecter(customer as Customer);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'field-too-long', details: { field, limit } });
    expect((error as Error).message).toContain(`at most ${limit}`);
  });

  it('shortens an over-long optional text and reports it', () => {
    const long = `+46 ${'7'.repeat(60)}`;
    const { fields, shortened } = mapCustomerToSpecter({ ...person, billing: { ...billing, phone: long } });
    expect(fields.phoneNo).toHaveLength(50);
    expect(shortened).toEqual([{ field: 'phoneNo', limit: 50, original: long }]);
  });

  it('refuses a company without a name and a customer without e-mail', () => {
    expect(() => mapCustomerToSpecter({ ...company, companyName: undefined, billing })).toThrow(
      /"name" is empty/,
    );
    expect(() => mapCustomerToSpecter({ ...person, email: ' ' })).toThrow(/"emailAddress" is empty/);
  });
});
