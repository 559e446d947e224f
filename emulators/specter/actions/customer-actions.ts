import { CODES, DEFAULT_CUSTOMER_GROUP_ID, MESSAGES, normaliseOrgNo } from '../assumptions.ts';
import { errorReply, okReply, type Reply } from '../reply.ts';
import { writeCustomer } from '../shapes.ts';
import type { Account, Customer } from '../types.ts';
import {
  checkLength,
  countryCode,
  currency,
  email,
  FieldError,
  integer,
  language,
  required,
} from '../validation.ts';
import { customerView } from '../views.ts';
import type { ActionContext, ActionDef } from './context.ts';

/** Customer fields of newCustomerSubmit [K: P1, K2, C3], by their documented names. */
export const CUSTOMER_FIELDS = [
  'currency',
  'language',
  'firstName',
  'surName',
  'contactPerson',
  'name',
  'attention',
  'deliveryAttention',
  'orgNo',
  'homepage',
  'invoiceCompanyName',
  'address',
  'addressRow2',
  'zipCodeEng',
  'city',
  'countryCode',
  'region',
  'deliveryCompanyName',
  'deliveryAddress',
  'deliveryAddressRow2',
  'deliveryZipCodeEng',
  'deliveryCity',
  'deliveryCountryCode',
  'deliveryregion',
  'emailAddress',
  'phoneNo',
  'mobileNo',
  'vatNo',
  'typeCustomer',
  'fax',
] as const;

interface SubmittedCustomer {
  form: 'C' | 'P';
  customerGroupId?: number;
  fields: Record<string, string>;
}

function readCustomer(ctx: ActionContext): SubmittedCustomer {
  const p = ctx.params;
  const formRaw = (p.get('customerOrganizationalForm') ?? 'C').toUpperCase();
  if (formRaw !== 'C' && formRaw !== 'P')
    throw new FieldError('customerOrganizationalForm', 'must be C or P');
  const fields: Record<string, string> = {};
  for (const name of CUSTOMER_FIELDS) {
    const v = p.get(name);
    if (v !== undefined) fields[name] = v;
  }
  for (const [name, value] of Object.entries(fields)) checkLength(name, value);
  if (formRaw === 'C') {
    required('name', fields.name);
  } else {
    required('firstName', fields.firstName);
    required('surName', fields.surName);
    fields.name ??= `${fields.firstName} ${fields.surName}`.replace(/\s{2,}/g, ' ').trim();
    checkLength('name', fields.name);
  }
  required('emailAddress', fields.emailAddress);
  email('emailAddress', fields.emailAddress);
  countryCode('countryCode', fields.countryCode);
  countryCode('deliveryCountryCode', fields.deliveryCountryCode);
  currency('currency', fields.currency);
  language('language', fields.language);
  const customerGroupId = integer('customerGroupId', p.get('customerGroupId'));
  return { form: formRaw, customerGroupId, fields };
}

/** [K: A1, SW, K2] e-mail first, then org/personal number; the ignore flags switch either off. */
export function matchCustomer(
  account: Account,
  submitted: Record<string, string>,
  ignoreEmail: boolean,
  ignoreOrgNo: boolean,
): Customer | undefined {
  const customers = [...account.customers.values()];
  const mail = submitted.emailAddress?.trim().toLowerCase();
  if (!ignoreEmail && mail) {
    const hit = customers.find((c) => c.fields.emailAddress?.trim().toLowerCase() === mail);
    if (hit) return hit;
  }
  const org = submitted.orgNo ? normaliseOrgNo(submitted.orgNo) : '';
  if (!ignoreOrgNo && org !== '') {
    return customers.find((c) => c.fields.orgNo !== undefined && normaliseOrgNo(c.fields.orgNo) === org);
  }
  return undefined;
}

function newCustomerSubmit(ctx: ActionContext): Reply {
  const { account, params } = ctx;
  const submitted = readCustomer(ctx);
  const now = ctx.now();
  let matched: Customer | undefined;
  if (params.flag('IdentifyByCustomerId') && params.get('customerId') !== undefined) {
    matched = account.customers.get(Number(params.get('customerId')));
    if (!matched) return errorReply(CODES.notFound, `customerId ${params.get('customerId')} not found`);
  } else {
    matched = matchCustomer(
      account,
      submitted.fields,
      params.flag('ignoreControlEmail'),
      params.flag('ignoreControlOrgNo'),
    );
  }
  if (matched) {
    if (!params.flag('forceCustomerUpdate')) return okReply(matched.customerId, MESSAGES.customerMatched);
    matched.customerOrganizationalForm = submitted.form;
    matched.fields = { ...matched.fields, ...submitted.fields };
    if (submitted.customerGroupId !== undefined) matched.customerGroupId = submitted.customerGroupId;
    matched.updatedAt = now;
    return okReply(matched.customerId, MESSAGES.customerUpdated);
  }
  const customer: Customer = {
    customerId: ++account.seq.customerId,
    customerOrganizationalForm: submitted.form,
    fields: submitted.fields,
    customerGroupId: submitted.customerGroupId ?? DEFAULT_CUSTOMER_GROUP_ID,
    createdAt: now,
    updatedAt: now,
  };
  account.customers.set(customer.customerId, customer);
  return okReply(customer.customerId, MESSAGES.customerCreated);
}

/** x-emulator: one customer by customerId, emailAddress or orgNo. */
function getCustomerInfo(ctx: ActionContext): Reply {
  const { account, params } = ctx;
  const id = params.get('customerId');
  let customer: Customer | undefined;
  if (id !== undefined) customer = account.customers.get(Number(id));
  else
    customer = matchCustomer(
      account,
      { emailAddress: params.get('emailAddress') ?? '', orgNo: params.get('orgNo') ?? '' },
      false,
      false,
    );
  if (!customer) return errorReply(CODES.notFound, 'customer not found');
  const view = customerView(customer);
  return okReply(customer.customerId, customer.fields.name ?? '', {
    payload: (w) => writeCustomer(w, view),
  });
}

export const customerActions: ActionDef[] = [
  { name: 'newCustomerSubmit', script: 'putInfo', write: true, handler: newCustomerSubmit },
  { name: 'getCustomerInfo', script: 'getInfo', write: false, handler: getCustomerInfo },
];
