import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSpecterEmulator, startSpecterEmulator } from '../../../emulators/specter/index.ts';
import { Api, json, parseText, parseXml } from './helpers.ts';

describe('specter emulator: newCustomerSubmit and getCustomerInfo', () => {
  let emu: RunningSpecterEmulator;
  let api: Api;
  beforeAll(async () => {
    emu = await startSpecterEmulator({ sizes: { simpleArticles: 1, configurables: 0, customers: 0 } });
    api = new Api(emu.url);
  });
  afterAll(() => emu.close());

  const person = (extra: Record<string, string> = {}) => ({
    customerOrganizationalForm: 'P',
    firstName: 'Märta',
    surName: 'Öberg',
    emailAddress: 'marta@example.se',
    orgNo: '19800101-1234',
    city: 'Göteborg',
    countryCode: 'SE',
    ...extra,
  });

  it('creates a customer and answers 1;<customerId>', async () => {
    const a = await api.customer(person());
    expect(a.result).toBe('1');
    const c = (await json(emu.url, 'GET', `/accounts/1001/customers/${a.id}`)).body;
    expect(c).toMatchObject({
      customerOrganizationalForm: 'P',
      fields: { firstName: 'Märta', city: 'Göteborg', name: 'Märta Öberg' },
    });
  });

  it('matches on e-mail first, then on org/personal number', async () => {
    const first = await api.customer(person());
    const byEmail = await api.customer(person({ orgNo: '19990101-0000', emailAddress: 'MARTA@example.se' }));
    expect(byEmail.id).toBe(first.id);
    const byOrgNo = await api.customer(person({ emailAddress: 'other@example.se', orgNo: '198001011234' }));
    expect(byOrgNo.id).toBe(first.id);
  });

  it('ignoreControlEmail matches on orgNo only, ignoreControlOrgNo on e-mail only, both: always new', async () => {
    const base = await api.customer(person());
    const onlyOrg = await api.customer(person({ orgNo: '20000101-9999' }), { ignoreControlEmail: 1 });
    expect(onlyOrg.id).not.toBe(base.id);
    const onlyMail = await api.customer(person({ emailAddress: 'x@example.se' }), { ignoreControlOrgNo: 1 });
    expect(onlyMail.id).not.toBe(base.id);
    const both = await api.customer(person(), { ignoreControlEmail: 1, ignoreControlOrgNo: 1 });
    expect(new Set([base.id, onlyOrg.id, onlyMail.id, both.id]).size).toBe(4);
  });

  it('overwrites a matched customer only with forceCustomerUpdate', async () => {
    const base = await api.customer(person({ emailAddress: 'force@example.se', orgNo: '' }));
    await api.customer(person({ emailAddress: 'force@example.se', orgNo: '', city: 'Malmö' }));
    expect((await json(emu.url, 'GET', `/accounts/1001/customers/${base.id}`)).body.fields.city).toBe(
      'Göteborg',
    );
    const forced = await api.customer(
      person({ emailAddress: 'force@example.se', orgNo: '', city: 'Malmö' }),
      { forceCustomerUpdate: 1 },
    );
    expect(forced.id).toBe(base.id);
    expect((await json(emu.url, 'GET', `/accounts/1001/customers/${base.id}`)).body.fields.city).toBe(
      'Malmö',
    );
  });

  it('validates fields with code 40 naming the field', async () => {
    const long = await api.customer({
      customerOrganizationalForm: 'C',
      name: 'A'.repeat(101),
      emailAddress: 'l@example.se',
    });
    expect(long).toMatchObject({ result: '0', id: '40' });
    expect(long.message).toContain('name');
    const noMail = await api.customer({ customerOrganizationalForm: 'C', name: 'Bolaget AB' });
    expect(noMail.id).toBe('40');
    expect(noMail.message).toContain('emailAddress');
    const badOrg = await api.customer(person({ orgNo: '1'.repeat(21) }));
    expect(badOrg.message).toContain('orgNo');
    const badCountry = await api.customer(person({ countryCode: 'SWE' }));
    expect(badCountry.message).toContain('countryCode');
  });

  it('getCustomerInfo finds by customerId, emailAddress or orgNo (x-emulator)', async () => {
    const a = await api.customer({
      customerOrganizationalForm: 'C',
      name: 'Åkessons Handel AB',
      emailAddress: 'info@akesson.se',
      orgNo: '556677-8899',
      customerGroupId: '2',
    });
    const byId = parseXml(
      (await api.get('getCustomerInfo', a.id, { customerId: a.id, useXML: 2 })).text,
    ).specter;
    expect(byId.customer).toMatchObject({
      customerId: a.id,
      name: 'Åkessons Handel AB',
      customerGroupId: '2',
      customerOrganizationalForm: 'C',
    });
    expect(
      parseText(
        (await api.get('getCustomerInfo', 'info@akesson.se', { emailAddress: 'info@akesson.se' })).text,
      ).id,
    ).toBe(a.id);
    expect(parseText((await api.get('getCustomerInfo', '5566778899', { orgNo: '5566778899' })).text).id).toBe(
      a.id,
    );
    expect(parseText((await api.get('getCustomerInfo', '99999', { customerId: 99999 })).text).id).toBe('30');
  });
});
