import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSpecterEmulator, startSpecterEmulator } from '../../../emulators/specter/index.ts';
import { Api, json, parseText, parseXml, type Xml } from './helpers.ts';

const TWO_SHOPS = {
  sbmId: 1001,
  apiUserId: 7,
  apiUserKey: 'demo-api-user-key',
  integrationKey: 'demo-integration-key',
  webshops: [
    { webshopId: 1, name: 'Webbshop SE' },
    { webshopId: 2, name: 'Webbshop NO' },
  ],
};

describe('specter emulator: orders', () => {
  let emu: RunningSpecterEmulator;
  let api: Api;
  beforeEach(async () => {
    emu = await startSpecterEmulator({
      sizes: { simpleArticles: 3, configurables: 1, variantsPerConfigurable: 2, stockSites: 2, customers: 2 },
      accounts: [TWO_SHOPS],
    });
    api = new Api(emu.url);
  });
  afterEach(() => emu.close());

  const stockOf = async (articleNo: string, site = 1) => {
    const all = (await json(emu.url, 'GET', '/accounts/1001/stock')).body as Xml[];
    return all.find((s) => s.articleNo === articleNo && s.stockSiteId === site);
  };

  it('creates an order from indexed rows, reserving stock on the default site', async () => {
    const before = await stockOf('ART-00001');
    const a = await api.order(101, {
      externalOrderNo: '100000123',
      payTypeIdentifier: 'KG',
      payTypeReference: 'klarna-abc',
      articleNo_1: 'ART-00001',
      articleName_1: 'Tröja',
      noOfItems_1: 3,
      priceExclVAT_1: '199.20',
      vatPercent_1: 25,
      articleNo_2: 'FRAKT',
      noOfItems_2: 1,
      priceExclVAT_2: 49,
      vatPercent_2: 25,
      articleNo_3: 'ART-00002',
      noOfItems_3: 1,
      priceExclVAT_3: '-10',
      articleComment_3: 'rabatt',
    });
    expect(a.result).toBe('1');
    const o = (await json(emu.url, 'GET', `/accounts/1001/orders/${a.id}`)).body;
    expect(o).toMatchObject({
      webshopId: 1,
      customerId: 101,
      externalOrderNo: '100000123',
      statusId: 1,
      deliveryStatus: 'N',
      stockSiteId: 1,
    });
    expect(o.header).toMatchObject({ payTypeIdentifier: 'KG', payTypeReference: 'klarna-abc' });
    expect(o.rows.map((r: Xml) => [r.articleNo, r.noOfItems, r.priceExclVat])).toEqual([
      ['ART-00001', 3, 199.2],
      ['FRAKT', 1, 49],
      ['ART-00002', 1, -10],
    ]);
    const after = await stockOf('ART-00001');
    expect(after.reserved).toBe(before.reserved + 3);
    expect(after.available).toBe(before.available - 3);
  });

  it('reserves on stocksiteid and refuses unknown stock sites', async () => {
    const before = await stockOf('ART-00002', 2);
    const a = await api.order(101, { articleNo_1: 'ART-00002', noOfItems_1: 1, stocksiteid: 2 });
    expect(a.result).toBe('1');
    expect((await stockOf('ART-00002', 2)).reserved).toBe(before.reserved + 1);
    expect((await api.order(101, { articleNo_1: 'ART-00002', noOfItems_1: 1, stocksiteid: 7 })).id).toBe(
      '30',
    );
  });

  it('answers a duplicate externalOrderNo in one webshop with 31 and the existing order number', async () => {
    const first = await api.order(101, { externalOrderNo: 'M-1', articleNo_1: 'ART-00001', noOfItems_1: 1 });
    const dup = await api.order(101, { externalOrderNo: 'M-1', articleNo_1: 'ART-00001', noOfItems_1: 1 });
    expect(dup).toMatchObject({ result: '0', id: '31' });
    expect(dup.message).toContain(`orderNo=${first.id}`);
    const dupXml = parseXml(
      (
        await api.put(
          'newOrderSubmit',
          '101',
          { useXML: 2 },
          { customerId: 101, externalOrderNo: 'M-1', articleNo_1: 'ART-00001', noOfItems_1: 1 },
        )
      ).text,
    );
    expect(dupXml.specter.APIresponse).toMatchObject({ result: '0', code: '31', id: first.id });
    const forced = await api.order(101, {
      externalOrderNo: 'M-1',
      articleNo_1: 'ART-00001',
      noOfItems_1: 1,
      ignoreExternalOrderNoControl: 1,
    });
    expect(forced.result).toBe('1');
  });

  it('keeps the duplicate control per webshop: the same externalOrderNo in two webshops makes two orders', async () => {
    const se = await api.order(
      101,
      { externalOrderNo: '1000001', articleNo_1: 'ART-00001', noOfItems_1: 1 },
      { webshopId: 1 },
    );
    const no = await api.order(
      101,
      { externalOrderNo: '1000001', articleNo_1: 'ART-00001', noOfItems_1: 1 },
      { webshopId: 2 },
    );
    expect(se.result).toBe('1');
    expect(no.result).toBe('1');
    expect(no.id).not.toBe(se.id);
    const shop2 = (await json(emu.url, 'GET', '/accounts/1001/orders?webshopId=2')).body as Xml[];
    expect(shop2.map((o) => o.orderNo)).toEqual([Number(no.id)]);
    const byExt = parseXml(
      (await api.get('getOrderInfo', '1000001', { externalOrderNo: '1000001', webshopId: 2, useXML: 2 }))
        .text,
    );
    expect(byExt.specter.order[0]['@_orderNo']).toBe(no.id);
  });

  it('validates rows: unknown article 30, main article / bad VAT / no rows / bad quantity 40', async () => {
    expect((await api.order(101, { articleNo_1: 'NOPE-1', noOfItems_1: 1 })).id).toBe('30');
    const main = await api.order(101, { articleNo_1: 'CFG-00001', noOfItems_1: 1 });
    expect(main).toMatchObject({ id: '40', message: expect.stringContaining('articleNo_1') });
    const vat = await api.order(101, { articleNo_1: 'ART-00001', noOfItems_1: 1, vatPercent_1: 19 });
    expect(vat).toMatchObject({ id: '40', message: expect.stringContaining('vatPercent_1') });
    expect((await api.order(101, { externalOrderNo: 'x' })).id).toBe('40');
    expect((await api.order(101, { articleNo_1: 'ART-00001', noOfItems_1: 0 })).message).toContain(
      'noOfItems_1',
    );
    expect((await api.order(999, { articleNo_1: 'ART-00001', noOfItems_1: 1 })).id).toBe('30');
    expect(
      (await api.order(101, { articleNo_1: 'ART-00001', noOfItems_1: 1, externalOrderNo: 'E'.repeat(51) }))
        .message,
    ).toContain('externalOrderNo');
  });

  it('createInvoice=1 delivers and invoices at once (x-emulator)', async () => {
    const before = await stockOf('ART-00003');
    const r = parseXml(
      (
        await api.put(
          'newOrderSubmit',
          '101',
          { useXML: 2 },
          {
            customerId: 101,
            articleNo_1: 'ART-00003',
            noOfItems_1: 2,
            priceExclVAT_1: 100,
            vatPercent_1: 25,
            createInvoice: 1,
          },
        )
      ).text,
    );
    const invoiceNo = r.specter.APIresponse.invoiceNo;
    expect(invoiceNo).toMatch(/^\d+$/);
    const inv = ((await json(emu.url, 'GET', '/accounts/1001/invoices')).body as Xml[]).find(
      (i) => String(i.invoiceNo) === invoiceNo,
    );
    expect(inv).toMatchObject({ amountInclVat: 250, isCredit: false, isPaid: false });
    const after = await stockOf('ART-00003');
    expect(after.onHand).toBe(before.onHand - 2);
    expect(after.reserved).toBe(before.reserved);
  });

  it('office flow: partial delivery, invoice, paid, credit; cancel refused once delivered', async () => {
    const a = await api.order(101, {
      articleNo_1: 'ART-00001',
      noOfItems_1: 2,
      priceExclVAT_1: 80,
      vatPercent_1: 25,
      articleNo_2: 'ART-00002',
      noOfItems_2: 1,
      priceExclVAT_2: 100,
      vatPercent_2: 12,
    });
    const d = await json(emu.url, 'POST', `/accounts/1001/orders/${a.id}/deliver`, {
      rows: [{ articleNo: 'ART-00001', noOfItems: 1 }],
      trackingNos: ['T1', 'T2'],
      carrier: 'DHL',
    });
    expect(d.status).toBe(200);
    expect(d.body.trackingNo).toBe('T1,T2');
    const tooMany = await json(emu.url, 'POST', `/accounts/1001/orders/${a.id}/deliver`, {
      rows: [{ rowNo: 1, noOfItems: 5 }],
    });
    expect(tooMany.status).toBe(400);
    const cancelApi = await api.put('cancelOrderSubmit', a.id, {}, { orderNo: a.id });
    expect(parseText(cancelApi.text)).toMatchObject({ result: '0', id: '40' });
    expect((await json(emu.url, 'POST', `/accounts/1001/orders/${a.id}/cancel`)).status).toBe(409);
    const inv = (await json(emu.url, 'POST', `/accounts/1001/orders/${a.id}/invoice`)).body;
    expect(inv.amountInclVat).toBe(100);
    expect(
      (
        await json(emu.url, 'POST', `/accounts/1001/invoices/${inv.invoiceNo}/pay`, {
          paidDate: '2025-01-31',
        })
      ).body,
    ).toMatchObject({ isPaid: true, paidDate: '2025-01-31' });
    const credit = (await json(emu.url, 'POST', `/accounts/1001/invoices/${inv.invoiceNo}/credit`)).body;
    expect(credit).toMatchObject({ isCredit: true, amountInclVat: -100, creditOf: inv.invoiceNo });
    const info = parseXml((await api.get('getOrderInfo', a.id, { orderNo: a.id, useXML: 2 })).text).specter
      .order[0];
    expect(info.orderstatus['@_deliveryStatus']).toBe('P');
    expect(info.invoices.invoice.map((i: Xml) => i['@_isCredit'])).toEqual(['0', '1']);
  });

  it('cancelOrderSubmit cancels an undelivered order and releases its reservation', async () => {
    const before = await stockOf('ART-00001');
    const a = await api.order(101, { articleNo_1: 'ART-00001', noOfItems_1: 2 });
    const c = parseText((await api.put('cancelOrderSubmit', a.id, {}, { orderNo: a.id })).text);
    expect(c.result).toBe('1');
    expect((await stockOf('ART-00001')).reserved).toBe(before.reserved);
    const o = (await json(emu.url, 'GET', `/accounts/1001/orders/${a.id}`)).body;
    expect(o.statusId).toBe(5);
    expect(parseText((await api.put('cancelOrderSubmit', '424242', {}, { orderNo: 424242 })).text).id).toBe(
      '30',
    );
  });
});
